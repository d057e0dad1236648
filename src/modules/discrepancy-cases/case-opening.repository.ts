import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';

/** Discrepancies of a completing batch per statement that opens their cases, about. */
const CASES_PER_STATEMENT = 50_000;

/**
 * Opens or refreshes the cases of a batch's discrepancies in statements over slices of its members.
 * A case is one (ministry, member, kind): raised again with the same evidence
 * it keeps its status (a dismissed false positive stays dismissed); with other
 * evidence it is reopened and its resolution cleared. Each discrepancy carries
 * the member's ID number and county as the rules found them, so no registry
 * table is read here (joined per discrepancy, members and households cost
 * more than the cases' own writes), and the cases go in in the order of their
 * key. No statement grows with the batch: each takes about
 * CASES_PER_STATEMENT discrepancies.
 */
export async function openCasesForBatch(tem: EntityManager, batchId: string): Promise<void> {
  const [span] = await runSql<{ lo: number | null; hi: number | null; n: number }>(
    tem,
    sql`select min(member_id) as lo, max(member_id) as hi, count(*)::int as n from discrepancies where batch_id = ${batchId}::uuid`,
  );
  if (span.lo === null || span.hi === null) return;
  // Slices of member ids, so that all of a member's discrepancies meet in one statement (one case per member and kind).
  const slices = Math.max(1, Math.ceil(span.n / CASES_PER_STATEMENT));
  const width = Math.ceil((span.hi - span.lo + 1) / slices);
  for (let lo = span.lo; lo <= span.hi; lo += width) await openCasesOfMembers(tem, batchId, lo, lo + width);
}

/** The cases of the batch's discrepancies of members `lo` (inclusive) to `hi` (exclusive), in one statement. */
async function openCasesOfMembers(tem: EntityManager, batchId: string, lo: number, hi: number): Promise<void> {
  const same = sql`c.evidence = excluded.evidence`;
  await runSql(
    tem,
    sql`insert into discrepancy_cases as c (tenant_code, sector, kind, member_id, id_number, household_id, province_code, county_code, evidence, batch_id, row_no)
     select d.tenant_code, d.sector, d.kind, d.member_id, d.id_number, d.household_id, d.province_code, d.county_code, d.evidence, d.batch_id, d.row_no
     from (
       select distinct on (member_id, kind) * from discrepancies
       where batch_id = ${batchId}::uuid and member_id >= ${lo}::int and member_id < ${hi}::int order by member_id, kind, row_no
     ) d
     on conflict (tenant_code, member_id, kind) do update set
       batch_id = excluded.batch_id, row_no = excluded.row_no, last_raised_at = now(), raised_count = c.raised_count + 1,
       evidence = excluded.evidence, household_id = excluded.household_id, province_code = excluded.province_code, county_code = excluded.county_code,
       status = case when ${same} then c.status else 'OPEN' end,
       opened_at = case when ${same} then c.opened_at else now() end,
       resolved_at = case when ${same} then c.resolved_at end,
       resolved_by = case when ${same} then c.resolved_by end,
       dismissal_reason = case when ${same} then c.dismissal_reason end,
       note = case when ${same} then c.note end,
       event_id = case when ${same} then c.event_id end`,
  );
}

type Scope = 'household' | 'member' | 'removed';

/** The registry fields whose change corrects each kind (contract: "Sector attributes and discrepancy kinds"). */
const CORRECTED_BY: Record<string, Array<[Scope, string]>> = {
  NAME_MISMATCH: [['member', 'name']],
  BIRTHDATE_MISMATCH: [['member', 'birthDate']],
  DECEASED_BUT_ACTIVE: [['removed', '']],
  MOVED_BUT_ACTIVE: [['removed', '']],
  SCHOOL_AGE_NOT_ENROLLED: [['member', 'inSchool']],
  SCHOOL_STATUS_STALE: [['member', 'inSchool']],
  NOT_MEDICALLY_INSURED: [['member', 'medicalInsured']],
  HEALTH_STATUS_STALE: [['member', 'health']],
  DISABILITY_NOT_RECORDED: [
    ['member', 'health'],
    ['member', 'disabilityLevel'],
  ],
  DISABILITY_LEVEL_MISMATCH: [['member', 'disabilityLevel']],
  UNSAFE_HOUSING_UNRECORDED: [['household', 'housingSafe']],
  HOUSING_STATUS_STALE: [['household', 'housingSafe']],
  ALLOWANCE_STATUS_STALE: [['member', 'receivesDibao']],
  PUBLIC_SECTOR_EMPLOYEE: [['household', 'status']],
  INCOME_ABOVE_LINE: [
    ['household', 'status'],
    ['household', 'annualIncomePerCapita'],
  ],
};

const FIXES = JSON.stringify(Object.entries(CORRECTED_BY).flatMap(([kind, fixes]) => fixes.map(([scope, field]) => ({ kind, scope, field }))));

/**
 * Marks CORRECTED, in one statement, the unresolved cases of these households
 * whose relevant field the household's latest event changed, linking that
 * event. Called right after a push or lifecycle change appended its events,
 * in the same transaction, so the latest event is that change.
 */
export async function linkCorrectedCases(tem: EntityManager, householdIds: readonly number[]): Promise<void> {
  if (!householdIds.length) return;
  await runSql(
    tem,
    sql`update discrepancy_cases c set status = 'CORRECTED', event_id = e.id, resolved_at = now(), resolved_by = e.tenant_code
     from discrepancy_cases o
     cross join lateral (select id, changes, tenant_code from household_events where household_id = o.household_id order by id desc limit 1) e
     where c.id = o.id and o.household_id = any(${[...householdIds]}::int[]) and o.status in ('OPEN', 'CONFIRMED')
       and exists (select 1 from jsonb_to_recordset(${FIXES}::jsonb) f(kind text, scope text, field text) where f.kind = o.kind and (
         (f.scope = 'household' and e.changes -> f.field is not null)
         or (f.scope = 'member' and e.changes -> 'members' -> 'changed' -> o.id_number -> f.field is not null)
         or (f.scope = 'removed' and coalesce(e.changes -> 'members' -> 'removed' @> to_jsonb(o.id_number), false))))`,
  );
}
