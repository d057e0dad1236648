import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sector } from '../tenants/tenant.enums';
import { discrepancySelect } from './discrepancy-rules';
import { povertyLine } from './poverty-line';
import type { PreparedRecord } from './record-preparer';

/**
 * Raises the discrepancies of one chunk's MATCHED records in one statement:
 * the sector's rules over the record beside its member and household, the
 * rows stored with their evidence, and the kinds copied onto each record.
 */
export async function raiseDiscrepancies(
  tem: EntityManager,
  batch: { id: string; sector: Sector; periodYear: number; tenantCode: string },
  records: PreparedRecord[],
): Promise<number> {
  const input = records
    .filter((r) => r.valid)
    .map((r) => ({ rowNo: r.rowNo, name: r.name, nameNorm: r.nameNorm, birthDate: r.birthDate, sentBirthDate: r.sentBirthDate, a: r.attributes }));
  if (!input.length) return 0;
  const sql = `
    with input as (
      select * from jsonb_to_recordset(?::jsonb) as r("rowNo" int, name text, "nameNorm" text, "birthDate" date, "sentBirthDate" boolean, a jsonb)
    ), hit as (
      select i.*, m.id as member_id, m.name as m_name, m.name_norm as m_name_norm, m.birth_date as m_birth_date, m.status as m_status,
        m.in_school, m.health, m.disability_level, m.medical_insured, m.receives_dibao,
        h.id as household_id, h.province_code, h.status as h_status, h.housing_safe,
        (select count(*) from members x where x.household_id = h.id and x.status = 'ACTIVE') as active_members
      from input i
      join batch_records br on br.batch_id = ?::uuid and br.row_no = i."rowNo" and br.outcome = 'MATCHED'
      join members m on m.id = br.member_id
      join households h on h.id = m.household_id
    ), found as (
      ${discrepancySelect(batch.sector, batch.periodYear, povertyLine(batch.periodYear))}
    ), ins as (
      insert into discrepancies (batch_id, row_no, member_id, household_id, province_code, tenant_code, sector, kind, evidence)
      select ?::uuid, "rowNo", member_id, household_id, province_code, ?, ?, kind, evidence from found
      on conflict (batch_id, row_no, kind) do nothing
      returning row_no, kind
    ), upd as (
      update batch_records br set discrepancy_kinds = k.kinds
      from (select row_no, array_agg(kind order by kind) as kinds from ins group by row_no) k
      where br.batch_id = ?::uuid and br.row_no = k.row_no
      returning 1
    )
    select (select count(*) from ins)::int as n`;
  const [{ n }] = await tem.execute<Array<{ n: number }>>(sql, [JSON.stringify(input), batch.id, batch.id, batch.tenantCode, batch.sector, batch.id]);
  return n;
}
