import { isPositiveDecimal } from '../../graphql/decimal.scalar';
import { ContractErrorCode } from '../../graphql/error-code';
import type { FieldError } from '../pushes/push.types';
import type { ProjectInput } from './project.inputs';
import type { ProjectRecord, ValidatedProject } from './project.model';
import { isApproved, isFinished } from './project-status.rules';
import { ProjectStatus } from './project.enums';

/** What validation needs to know about the caller and the day. */
export interface ProjectValidationContext {
  provinceCode: string;
  /** YYYY-MM-DD */
  today: string;
}

const PROJECT_NO = /^[0-9]{6}[0-9A-Z-]{1,34}$/;
const MAX_TEXT = 200;
const MAX_VILLAGES = 500;

type Report = (field: string, message: string, code?: ContractErrorCode) => void;

/** A calendar day as the database stores it. */
export const isoDay = (d: Date | null | undefined): string | null => (d ? d.toISOString().slice(0, 10) : null);

/** Validates one project in memory; every problem is reported with its path, none stops the others. */
export function validateProject(input: ProjectInput, path: string, ctx: ProjectValidationContext): ValidatedProject {
  const errors: FieldError[] = [];
  const bad: Report = (field, message, code = ContractErrorCode.BAD_USER_INPUT) => errors.push({ path: `${path}.${field}`, code, message });
  checkPlace(input, ctx, bad);
  checkTexts(input, bad);
  checkDates(input, ctx, bad);
  checkBudget(input, bad);
  if (errors.length) return { ok: false, errors };
  return { ok: true, record: toRecord(input) };
}

function checkPlace(input: ProjectInput, ctx: ProjectValidationContext, bad: Report): void {
  const county = input.countyCode;
  const countyOk = /^\d{6}$/.test(county);
  if (!countyOk) bad('countyCode', 'County code must be 6 digits');
  else if (!county.startsWith(ctx.provinceCode))
    bad('countyCode', `County code must start with your province code ${ctx.provinceCode}`, ContractErrorCode.FORBIDDEN);
  if (!PROJECT_NO.test(input.projectNo)) bad('projectNo', 'Project number must be the 6-digit county code followed by 1-34 digits, capital letters or dashes');
  else if (countyOk && !input.projectNo.startsWith(county)) bad('projectNo', `Project number must start with its county code ${county}`);
  const villages = input.villageCodes ?? [];
  if (villages.length > MAX_VILLAGES) bad('villageCodes', `At most ${MAX_VILLAGES} villages`);
  const seen = new Map<string, number>();
  villages.forEach((v, i) => {
    if (!/^\d{12}$/.test(v)) bad(`villageCodes[${i}]`, 'Village code must be 12 digits');
    else if (countyOk && !v.startsWith(county)) bad(`villageCodes[${i}]`, `Village ${v} is not in county ${county}`);
    else if (seen.has(v)) bad(`villageCodes[${i}]`, `Listed twice (also villageCodes[${seen.get(v)}])`);
    seen.set(v, i);
  });
}

function checkTexts(input: ProjectInput, bad: Report): void {
  const name = input.name.trim();
  if (!name || name.length > MAX_TEXT) bad('name', `Name must be 1-${MAX_TEXT} characters`);
  if (input.implementingUnit != null && input.implementingUnit.trim().length > MAX_TEXT) bad('implementingUnit', `At most ${MAX_TEXT} characters`);
  const place = input.announcement?.place.trim();
  if (input.announcement && (!place || place.length > MAX_TEXT)) bad('announcement.place', `Place must be 1-${MAX_TEXT} characters`);
}

function checkDates(input: ProjectInput, ctx: ProjectValidationContext, bad: Report): void {
  const [approved, start, end, completed] = [input.approvedOn, input.plannedStart, input.plannedEnd, input.completedOn].map(isoDay);
  const published = isoDay(input.announcement?.publishedOn);
  for (const [field, day] of [
    ['approvedOn', approved],
    ['completedOn', completed],
    ['announcement.publishedOn', published],
  ] as const) {
    if (day && day > ctx.today) bad(field, `${day} is in the future`);
  }
  if (start && end && end < start) bad('plannedEnd', `Planned end ${end} is before the planned start ${start}`);
  if (approved && completed && completed < approved) bad('completedOn', `Completion ${completed} is before the approval ${approved}`);
  const status = input.status;
  if (isApproved(status) && !approved) bad('approvedOn', `A ${status} project needs its approval date`);
  if (status === ProjectStatus.PLANNED && approved) bad('approvedOn', 'A PLANNED project is not approved yet');
  if (isFinished(status) && !completed) bad('completedOn', `A ${status} project needs its completion date`);
  if (!isFinished(status) && status !== ProjectStatus.CANCELLED && completed) bad('completedOn', `A ${status} project is not completed yet`);
}

function checkBudget(input: ProjectInput, bad: Report): void {
  if (!input.budget.length) bad('budget', 'A project needs at least one budget line');
  const seen = new Map<string, number>();
  input.budget.forEach((line, i) => {
    if (!isPositiveDecimal(line.amount)) bad(`budget[${i}].amount`, 'A budget line must be above zero');
    const first = seen.get(line.source);
    if (first !== undefined) bad(`budget[${i}].source`, `One line per source: ${line.source} is also budget[${first}]`);
    else seen.set(line.source, i);
  });
}

function toRecord(input: ProjectInput): ProjectRecord {
  const unit = input.implementingUnit?.trim();
  return {
    projectNo: input.projectNo,
    name: input.name.trim(),
    provinceCode: input.countyCode.slice(0, 2),
    countyCode: input.countyCode,
    villageCodes: [...(input.villageCodes ?? [])].sort(),
    type: input.type,
    implementingUnit: unit ? unit : null,
    status: input.status,
    approvedOn: isoDay(input.approvedOn),
    plannedStart: isoDay(input.plannedStart),
    plannedEnd: isoDay(input.plannedEnd),
    completedOn: isoDay(input.completedOn),
    targetsHouseholds: input.targetsHouseholds,
    announcementPublishedOn: isoDay(input.announcement?.publishedOn),
    announcementPlace: input.announcement ? input.announcement.place.trim() : null,
    budget: input.budget.map((b) => ({ source: b.source, amount: b.amount })).sort((a, b) => (a.source < b.source ? -1 : 1)),
  };
}
