import { ContractErrorCode } from '../../graphql/error-code';
import { HealthStatus } from '../members/member.enums';
import { normaliseName } from '../members/name-normaliser';
import { normaliseIdNumber } from '../id-number/id-number';
import type { MemberInput } from './push.inputs';
import type { MemberRecord } from './push.model';
import type { FieldError } from './push.types';

const MAX_NAME = 64;

/** Validates one member: the ID number, and that sex and birth date agree with it. */
export function validateMember(m: MemberInput, path: string, today: Date): { ok: true; record: MemberRecord } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ path: `${path}.${field}`, code: ContractErrorCode.BAD_USER_INPUT, message });
  const id = normaliseIdNumber(m.idNumber, today);
  if (!id.ok) bad('idNumber', id.reason);
  const name = m.name.trim();
  if (!name) bad('name', 'Name is empty');
  else if (name.length > MAX_NAME || /[\u0000-\u001f\u007f]/.test(name)) bad('name', `Name must be at most ${MAX_NAME} printable characters`);
  const birthDate = m.birthDate ? m.birthDate.toISOString().slice(0, 10) : null;
  if (id.ok && birthDate && birthDate !== id.birthDate) bad('birthDate', `Birth date ${birthDate} disagrees with the ID number (${id.birthDate})`);
  if (id.ok && m.sex && m.sex !== id.sex) bad('sex', `Sex ${m.sex} disagrees with the ID number (${id.sex})`);
  if (m.disabilityLevel != null && !(m.disabilityLevel >= 1 && m.disabilityLevel <= 4)) bad('disabilityLevel', 'Disability level is 1 (most severe) to 4');
  if (m.disabilityLevel != null && m.health !== HealthStatus.DISABLED) bad('disabilityLevel', 'Only a DISABLED member has a disability level');
  if (m.ethnicity != null && m.ethnicity.length > 32) bad('ethnicity', 'Ethnicity is at most 32 characters');
  if (errors.length || !id.ok) return { ok: false, errors };
  return { ok: true, record: toMemberRecord(m, id, name) };
}

/** The record a valid member is written as: the ID number's own birth date and sex, the rest as given. */
function toMemberRecord(m: MemberInput, id: { idNumber: string; sex: string; birthDate: string }, name: string): MemberRecord {
  return {
    idNumber: id.idNumber,
    name,
    nameNorm: normaliseName(name),
    sex: id.sex as MemberRecord['sex'],
    birthDate: id.birthDate,
    relationship: m.relationship,
    ethnicity: m.ethnicity?.trim() || null,
    education: m.education ?? null,
    inSchool: m.inSchool ?? null,
    health: m.health,
    disabilityLevel: m.disabilityLevel ?? null,
    labourCapacity: m.labourCapacity ?? null,
    migrantWorker: m.migrantWorker ?? null,
    medicalInsured: m.medicalInsured ?? null,
    pensionInsured: m.pensionInsured ?? null,
    receivesDibao: m.receivesDibao ?? null,
  };
}
