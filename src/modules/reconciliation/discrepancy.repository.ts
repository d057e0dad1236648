import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import { Sector } from '../tenants/tenant.enums';
import { discrepancySelect } from './discrepancy.rules';
import type { RowRange } from './match-chunk.repository';
import { povertyLine } from '../poverty-line/poverty-line';

/** The batch facts the rules need. */
export interface RuleBatch {
  id: string;
  sector: Sector;
  periodYear: number;
  tenantCode: string;
}

/** Active members of the household: only the EMPLOYMENT rules divide by it, so other sectors skip the count. */
const activeMembers = (sector: Sector) =>
  sector === Sector.EMPLOYMENT ? sql`(select count(*) from members x where x.household_id = h.id and x.status = 'ACTIVE')` : sql`0`;

/**
 * Raises the discrepancies of one chunk's MATCHED records in one statement:
 * the sector's rules over the record (as intake stored it) beside its member
 * and household, the rows stored with their evidence, and the kinds copied
 * onto each record. Returns how many were raised. Each matched record is one
 * key probe into members, then households (LATERAL ... LIMIT 1, a shape no
 * estimate can change): with plain joins the planner, taking the chunk for 100
 * times its rows, hashed all of members and households for every chunk.
 */
export async function raiseDiscrepancies(tem: EntityManager, batch: RuleBatch, range: RowRange): Promise<number> {
  const rules = { periodYear: batch.periodYear, povertyLine: povertyLine(batch.periodYear) };
  const [{ n }] = await runSql<{ n: number }>(
    tem,
    sql`
    with matched as (
      select s.row_no as "rowNo", s.name, s.name_norm as "nameNorm", coalesce(s.name_fold, s.name_norm) as "nameFold", s.birth_key as "birthDate", s.sent_birth_date as "sentBirthDate", s.attributes as a, b.member_id
      from batch_records b
      join sector_records s on s.batch_id = b.batch_id and s.row_no = b.row_no
      where b.batch_id = ${range.batchId}::uuid and b.row_no >= ${range.from}::int and b.row_no < ${range.to}::int and b.outcome = 'MATCHED'
        and s.row_no >= ${range.from}::int and s.row_no < ${range.to}::int
      -- Members (and their households) are probed in id order, which is about their order on disk, instead of the records' order.
      order by b.member_id
    ), hit as materialized (
      select x.*, m.id_number as m_id_number, m.name as m_name, m.name_norm as m_name_norm, m.name_fold as m_name_fold, m.birth_date as m_birth_date, m.status as m_status,
        m.in_school, m.health, m.disability_level, m.medical_insured, m.receives_dibao,
        h.id as household_id, h.province_code, h.county_code, h.status as h_status, h.housing_safe, ${activeMembers(batch.sector)} as active_members
      from matched x
      cross join lateral (select m.* from members m where m.id = x.member_id limit 1) m
      cross join lateral (select h.* from households h where h.id = m.household_id limit 1) h
    ), found as (
      ${discrepancySelect(batch.sector, rules)}
    ), ins as (
      insert into discrepancies (batch_id, row_no, member_id, id_number, household_id, province_code, county_code, tenant_code, sector, kind, evidence)
      select ${batch.id}::uuid, "rowNo", member_id, m_id_number, household_id, province_code, county_code, ${batch.tenantCode}::text, ${batch.sector}::text, kind, evidence
      from found
      on conflict (batch_id, row_no, kind) do nothing
      returning row_no, kind
    ), upd as (
      update batch_records br set discrepancy_kinds = k.kinds
      from (select row_no, array_agg(kind order by kind) as kinds from ins group by row_no) k
      where br.batch_id = ${batch.id}::uuid and br.row_no = k.row_no
      returning 1
    )
    select (select count(*) from ins)::int as n`,
  );
  return n;
}
