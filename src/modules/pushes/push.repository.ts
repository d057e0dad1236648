import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { HouseholdRecord, MemberRecord } from './push.model';
import { nameKeys } from '../name-keys/name-keys';

/** A household row as a push compares it. */
export interface CurrentHousehold extends Omit<HouseholdRecord, 'members'> {
  id: number;
  version: number;
}

/** A member row as a push compares it. */
export interface CurrentMember extends Omit<MemberRecord, 'nameNorm'> {
  id: number;
  householdId: number;
  status: string;
}

const HOUSEHOLD_COLUMNS = sql`h.id, h.registry_no as "registryNo", h.village_code as "villageCode", h.county_code as "countyCode",
  h.province_code as "provinceCode", h.status, h.identified_year as "identifiedYear", h.exit_year as "exitYear",
  h.primary_cause as "primaryCause", h.other_causes as "otherCauses", h.annual_income_per_capita::float8 as "annualIncomePerCapita",
  h.housing_safe as "housingSafe", h.drinking_water_safe as "drinkingWaterSafe", h.version`;

const MEMBER_COLUMNS = sql`m.id, m.household_id as "householdId", m.id_number as "idNumber", m.name, m.sex,
  to_char(m.birth_date, 'YYYY-MM-DD') as "birthDate", m.relationship, m.ethnicity, m.education, m.in_school as "inSchool",
  m.health, m.disability_level as "disabilityLevel", m.labour_capacity as "labourCapacity", m.migrant_worker as "migrantWorker",
  m.medical_insured as "medicalInsured", m.pension_insured as "pensionInsured", m.receives_dibao as "receivesDibao", m.status`;

/**
 * The set-based SQL of provincial writes: every method is one statement for
 * the whole push, whatever its size. The EntityManager is the transaction's,
 * and every statement is limited to the caller's province.
 */
export class PushRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly provinceCode: string,
  ) {}

  /** Serialises the writes of one province (held to commit); other provinces write in parallel. */
  async lockProvince(): Promise<void> {
    await runSql(this.em, sql`select pg_advisory_xact_lock(hashtextextended('registry-province:' || ${this.provinceCode}::text, 0))`);
  }

  async loadHouseholds(registryNos: string[]): Promise<Map<string, CurrentHousehold>> {
    const rows = await runSql<CurrentHousehold>(
      this.em,
      sql`select ${HOUSEHOLD_COLUMNS} from households h
       where h.province_code = ${this.provinceCode} and h.registry_no in (select jsonb_array_elements_text(${JSON.stringify(registryNos)}::jsonb))`,
    );
    return new Map(rows.map((r) => [r.registryNo, r]));
  }

  async loadMembers(householdIds: number[]): Promise<Map<number, CurrentMember[]>> {
    const rows = await runSql<CurrentMember>(
      this.em,
      sql`select ${MEMBER_COLUMNS} from members m
       where m.province_code = ${this.provinceCode} and m.household_id in (select jsonb_array_elements_text(${JSON.stringify(householdIds)}::jsonb)::int) order by m.id`,
    );
    const byHousehold = new Map<number, CurrentMember[]>();
    for (const r of rows) byHousehold.set(r.householdId, [...(byHousehold.get(r.householdId) ?? []), r]);
    return byHousehold;
  }

  /**
   * Where these ID numbers are active now, in any province: the one cross-province
   * read of a push, returning only the registry number and province, never personal data.
   */
  async findActive(idNumbers: string[]): Promise<Map<string, { registryNo: string; provinceCode: string }>> {
    const rows = await runSql<{ idNumber: string; registryNo: string; provinceCode: string }>(
      this.em,
      // Across provinces on purpose, through the owner's function (row-level security hides the rows themselves).
      sql`select id_number as "idNumber", registry_no as "registryNo", province_code as "provinceCode" from registry_active_persons(${JSON.stringify(idNumbers)}::jsonb)`,
    );
    return new Map(rows.map((r) => [r.idNumber, { registryNo: r.registryNo, provinceCode: r.provinceCode }]));
  }

  /** Inserts new households and replaces changed ones; returns id and new version by registry number. */
  async upsertHouseholds(records: Omit<HouseholdRecord, 'members'>[]): Promise<Map<string, { id: number; version: number }>> {
    if (!records.length) return new Map();
    const rows = await runSql<{ id: number; registryNo: string; version: number }>(
      this.em,
      sql`insert into households as h (registry_no, village_code, county_code, province_code, status, identified_year, exit_year,
         primary_cause, other_causes, annual_income_per_capita, housing_safe, drinking_water_safe)
       select r."registryNo", r."villageCode", r."countyCode", r."provinceCode", r.status, r."identifiedYear", r."exitYear",
         r."primaryCause", array(select jsonb_array_elements_text(r."otherCauses")), r."annualIncomePerCapita", r."housingSafe", r."drinkingWaterSafe"
       from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r("registryNo" text, "villageCode" text, "countyCode" text, "provinceCode" text, status text,
         "identifiedYear" int, "exitYear" int, "primaryCause" text, "otherCauses" jsonb, "annualIncomePerCapita" numeric,
         "housingSafe" boolean, "drinkingWaterSafe" boolean)
       where r."provinceCode" = ${this.provinceCode}
       on conflict (registry_no) do update set village_code = excluded.village_code, county_code = excluded.county_code,
         status = excluded.status, identified_year = excluded.identified_year, exit_year = excluded.exit_year,
         primary_cause = excluded.primary_cause, other_causes = excluded.other_causes,
         annual_income_per_capita = excluded.annual_income_per_capita, housing_safe = excluded.housing_safe,
         drinking_water_safe = excluded.drinking_water_safe, version = h.version + 1, updated_at = now()
       where h.province_code = excluded.province_code
       returning h.id, h.registry_no as "registryNo", h.version`,
    );
    return new Map(rows.map((r) => [r.registryNo, { id: r.id, version: r.version }]));
  }

  /** Members of these households that the push no longer lists leave with status REMOVED (reason OTHER). */
  async retireMembers(memberIds: number[]): Promise<void> {
    if (!memberIds.length) return;
    await runSql(
      this.em,
      sql`update members set status = 'REMOVED', status_date = current_date, updated_at = now()
       where province_code = ${this.provinceCode} and id in (select jsonb_array_elements_text(${JSON.stringify(memberIds)}::jsonb)::int) and status = 'ACTIVE'`,
    );
  }

  /**
   * Inserts or updates (and reactivates) members by (household, ID number). The rows travel as one
   * typed array per column (UNNEST): PostgreSQL parses 17 flat arrays far faster than a JSON document
   * of 4,000 objects with their keys, and Node builds no per-row object or JSON text for them.
   */
  async upsertMembers(rows: Array<MemberRecord & { householdId: number }>): Promise<void> {
    if (!rows.length) return;
    const col = <K extends keyof MemberRecord>(k: K) => rows.map((r) => r[k]);
    // The name keys by the rule of the database's table, so its row trigger has nothing to compute.
    const keys = rows.map((r) => nameKeys(r.nameNorm));
    await runSql(
      this.em,
      sql`insert into members as m (household_id, province_code, id_number, name, name_norm, sex, birth_date, relationship, ethnicity,
         education, in_school, health, disability_level, labour_capacity, migrant_worker, medical_insured, pension_insured, receives_dibao,
         name_fold, name_pinyin)
       select r.household_id, ${this.provinceCode}::text, r.id_number, r.name, r.name_norm, r.sex, r.birth_date, r.relationship, r.ethnicity,
         r.education, r.in_school, r.health, r.disability_level, r.labour_capacity, r.migrant_worker, r.medical_insured, r.pension_insured, r.receives_dibao,
         r.name_fold, r.name_pinyin
       from unnest(${rows.map((r) => r.householdId)}::int[], ${col('idNumber')}::text[], ${col('name')}::text[], ${col('nameNorm')}::text[],
         ${col('sex')}::text[], ${col('birthDate')}::date[], ${col('relationship')}::text[], ${col('ethnicity')}::text[], ${col('education')}::text[],
         ${col('inSchool')}::boolean[], ${col('health')}::text[], ${col('disabilityLevel')}::smallint[], ${col('labourCapacity')}::text[],
         ${col('migrantWorker')}::boolean[], ${col('medicalInsured')}::boolean[], ${col('pensionInsured')}::boolean[], ${col('receivesDibao')}::boolean[],
         ${keys.map((k) => k.fold)}::text[], ${keys.map((k) => k.pinyin)}::text[])
         as r(household_id, id_number, name, name_norm, sex, birth_date, relationship, ethnicity, education, in_school, health, disability_level,
           labour_capacity, migrant_worker, medical_insured, pension_insured, receives_dibao, name_fold, name_pinyin)
       on conflict (household_id, id_number) do update set name = excluded.name, name_norm = excluded.name_norm,
         name_fold = excluded.name_fold, name_pinyin = excluded.name_pinyin, sex = excluded.sex,
         birth_date = excluded.birth_date, relationship = excluded.relationship, ethnicity = excluded.ethnicity,
         education = excluded.education, in_school = excluded.in_school, health = excluded.health,
         disability_level = excluded.disability_level, labour_capacity = excluded.labour_capacity,
         migrant_worker = excluded.migrant_worker, medical_insured = excluded.medical_insured,
         pension_insured = excluded.pension_insured, receives_dibao = excluded.receives_dibao,
         status = 'ACTIVE', status_date = null, updated_at = now()
       where m.province_code = excluded.province_code`,
    );
  }
}
