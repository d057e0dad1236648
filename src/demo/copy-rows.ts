import { HouseholdEventType, HouseholdStatus } from '../modules/households/household.enums';
import { nameKeys } from '../modules/name-keys/name-keys';
import type { SeedHousehold, SeedMember } from './registry-seed.types';

/**
 * Rows of the registry in PostgreSQL's COPY text format (tab-separated, `\N`
 * for NULL), the cheapest form for the server to parse.
 */

export const HOUSEHOLD_COLUMNS =
  'id, registry_no, village_code, county_code, province_code, status, identified_year, exit_year, primary_cause, ' +
  'other_causes, annual_income_per_capita, housing_safe, drinking_water_safe, removal_reason, version';
export const MEMBER_COLUMNS =
  'id, household_id, province_code, id_number, name, name_norm, sex, birth_date, relationship, ethnicity, education, ' +
  'in_school, health, disability_level, labour_capacity, migrant_worker, medical_insured, pension_insured, receives_dibao, status, status_date, ' +
  'name_fold, name_pinyin';
export const EVENT_COLUMNS = 'id, household_id, province_code, type, changes, tenant_code, version';

const NULL = '\\N';
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** A text value for COPY: backslash, tab and line breaks escaped (names come from clerks, not from us). */
export function copyText(v: string | null): string {
  if (v === null) return NULL;
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function bool(v: boolean | null): string {
  return v === null ? NULL : v ? 't' : 'f';
}

function opt(v: string | number | null): string {
  return v === null ? NULL : String(v);
}

/** Registry number: the village code and the household id, so appended runs never collide. */
export function registryNo(h: SeedHousehold, id: number): string {
  return h.villageCode + String(id).padStart(4, '0');
}

/** One `households` row. */
export function householdLine(h: SeedHousehold, id: number): string {
  return (
    `${id}\t${registryNo(h, id)}\t${h.villageCode}\t${h.countyCode}\t${h.provinceCode}\t${h.status}\t${h.identifiedYear}\t` +
    `${opt(h.exitYear)}\t${opt(h.primaryCause)}\t{${h.otherCauses.join(',')}}\t${opt(h.annualIncomePerCapita)}\t` +
    `${bool(h.housingSafe)}\t${bool(h.drinkingWaterSafe)}\t${copyText(h.removalReason)}\t${householdVersion(h)}\n`
  );
}

/** One `members` row, with its name keys (computed here by the rule the database's trigger uses, which then has nothing to do). */
export function memberLine(m: SeedMember, id: number, householdId: number, provinceCode: string): string {
  const keys = nameKeys(m.nameNorm);
  return (
    `${id}\t${householdId}\t${provinceCode}\t${copyText(m.idNumber)}\t${copyText(m.name)}\t${copyText(m.nameNorm)}\t` +
    `${opt(m.sex)}\t${opt(m.birthDate)}\t${opt(m.relationship)}\t${copyText(m.ethnicity)}\t${opt(m.education)}\t` +
    `${bool(m.inSchool)}\t${opt(m.health)}\t${opt(m.disabilityLevel)}\t${opt(m.labourCapacity)}\t${bool(m.migrantWorker)}\t` +
    `${bool(m.medicalInsured)}\t${bool(m.pensionInsured)}\t${bool(m.receivesDibao)}\t${m.status}\t${opt(m.statusDate)}\t` +
    `${copyText(keys.fold)}\t${copyText(keys.pinyin)}\n`
  );
}

/** One `household_events` row; `version` is the household's version after the event. */
export function eventLine(id: number, householdId: number, provinceCode: string, e: HistoryEvent, version: number): string {
  return `${id}\t${householdId}\t${provinceCode}\t${e.type}\t${copyText(JSON.stringify(e.changes))}\tP${provinceCode}\t${version}\n`;
}

export interface HistoryEvent {
  type: HouseholdEventType;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/**
 * The household's history as the province would have pushed it: identified
 * as poor, then exited, returned or removed. Its length is the household's version.
 */
export function householdHistory(h: SeedHousehold): HistoryEvent[] {
  const S = HouseholdStatus;
  const events: HistoryEvent[] = [
    { type: HouseholdEventType.IDENTIFIED, changes: { status: { old: null, new: S.POOR }, identifiedYear: { old: null, new: h.identifiedYear } } },
  ];
  if (h.status === S.EXITED || h.status === S.RETURNED) {
    events.push({ type: HouseholdEventType.EXITED, changes: { status: { old: S.POOR, new: S.EXITED }, exitYear: { old: null, new: h.exitYear } } });
  }
  if (h.status === S.RETURNED) {
    events.push({ type: HouseholdEventType.RETURNED, changes: { status: { old: S.EXITED, new: S.RETURNED } } });
  }
  if (h.status === S.REMOVED) {
    events.push({ type: HouseholdEventType.REMOVED, changes: { status: { old: S.POOR, new: S.REMOVED }, removalReason: { old: null, new: h.removalReason } } });
  }
  return events;
}

/** Number of events `householdHistory` gives, without building them. */
export function householdVersion(h: SeedHousehold): number {
  return h.status === HouseholdStatus.RETURNED ? 3 : h.status === HouseholdStatus.POOR ? 1 : 2;
}
