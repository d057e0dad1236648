import { type ExportFacts, type ReadAuditRow, readAuditInsert } from '../audit/audit.repository';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import type { HouseholdStatus, PovertyCause } from '../households/household.enums';
import type { HouseholdRow } from '../households/household.row';
import { householdColumns } from '../households/households.repository';
import type { SelectedFields } from '../../graphql/selection';
import type { TenantScope } from '../../db/tenant-scope';
import { householdMembersJson } from '../members/household-members.repository';
import type { MemberRow } from '../members/member.row';
import { type SharedMemberRow, sharedMembersJson } from '../sharing-policies/shared-members.repository';
import type { MatchFact } from './matched-household.type';

/** Conditions of a page; household columns and match columns alike. */
export interface MatchConditions {
  provinceCode?: string;
  countyCode?: string;
  villageCode?: string;
  registryNo?: string;
  status?: HouseholdStatus;
  primaryCause?: PovertyCause;
  identifiedYear?: number;
  exitYear?: number;
  discrepancyKind?: string;
}

/** A household row in the GraphQL field names, with its match facts (and its members, when asked for). */
export type MatchedRow = HouseholdRow & { matches: MatchFact[]; members?: SharedMemberRow[] | MemberRow[] };

/**
 * Which members a page brings along: as a ministry's policy sees them (with its match facts), as the
 * registry holds them, or none; with only the member `fields` given (every field when null or left out).
 */
export type MembersAlong = ({ sharedWith: string } | { scope: TenantScope }) & { fields?: SelectedFields };

/** What a page reads: the household fields (every one when null), the match facts or not, the members or not. */
export interface MatchedPageRead {
  household?: SelectedFields;
  matches?: boolean;
  members?: MembersAlong | null;
}

function membersColumn(along: MembersAlong | null | undefined): Sql {
  if (!along) return sql.empty;
  const fields = along.fields ?? null;
  return sql`, ${'sharedWith' in along ? sharedMembersJson(along.sharedWith, fields) : householdMembersJson(along.scope, fields)} as members`;
}

const COLUMN: Record<Exclude<keyof MatchConditions, 'discrepancyKind'>, Sql> = {
  provinceCode: sql`bm.province_code`,
  countyCode: sql`bm.county_code`,
  villageCode: sql`h.village_code`,
  registryNo: sql`h.registry_no`,
  status: sql`h.status`,
  primaryCause: sql`h.primary_cause`,
  identifiedYear: sql`h.identified_year`,
  exitYear: sql`h.exit_year`,
};

/** The conditions batch_matches answers itself (its copy of the household's place); the others need the household row. */
const BATCH_MATCH_CONDITIONS: ReadonlySet<string> = new Set(['provinceCode', 'countyCode']);

/** What a read of matched households hands out, over their rows (alias `q`): the households by registry number. */
export const MATCHED_READ_FACTS: ExportFacts = { registryNo: sql`q."registryNo"`, idNumber: null };

/** The batches whose matches a read uses: the latest completed one per (ministry, period), or one chosen batch. */
export interface BatchChoice {
  /** One ministry's batches (always given for a ministry, which is what lets the page walk its index). */
  tenantCode?: string;
  sector?: string;
  batchId?: string;
}

function chosenBatches(by: BatchChoice): Sql {
  const conds = [sql`status = 'COMPLETED'`];
  if (by.tenantCode !== undefined) conds.push(sql`tenant_code = ${by.tenantCode}`);
  if (by.sector !== undefined) conds.push(sql`sector = ${by.sector}`);
  if (by.batchId !== undefined) conds.push(sql`id = ${by.batchId}::uuid`);
  return sql`select distinct on (tenant_code, period) id, tenant_code from sector_batches
     ${sql.where(conds)} order by tenant_code, period, created_at desc, id`;
}

/**
 * The households a ministry may read, as its households page chooses them (the latest completed batch of
 * each period), as a condition on the household id `householdId`: for reads that reach households from elsewhere.
 */
export function matchedByMinistry(tenantCode: string, householdId: Sql): Sql {
  return sql`exists (select 1 from batch_matches bm where bm.tenant_code = ${tenantCode} and bm.household_id = ${householdId}
    and bm.batch_id in (select cb.id from (${chosenBatches({ tenantCode })}) cb))`;
}

/**
 * One page of matched households in one statement: chooses the batches, walks
 * their matches in household order (an index), stops at `limit`, and brings
 * each household's row and its match facts (and its members, when asked) along,
 * as much of each as `read` asks for.
 */
export async function findMatchedPage(
  em: EntityManager,
  by: BatchChoice,
  where: MatchConditions,
  afterId: number,
  limit: number,
  read: MatchedPageRead = {},
  audit: { row: ReadAuditRow; handedOut: number } | null = null,
): Promise<MatchedRow[]> {
  return runSql<MatchedRow>(em, matchedQuery(by, where, { afterId, limit }, read, audit));
}

/**
 * Every matched household of `findMatchedPage`'s choice in household order, without pages (an export):
 * the same batches, conditions and columns; the members (when asked) under the same policy.
 */
export function allMatchedQuery(by: BatchChoice, where: MatchConditions, read: MatchedPageRead): Sql {
  return matchedQuery(by, where, null, read, null);
}

/** What a page or an export of matched households reads, written once for both. */
function matchedQuery(
  by: BatchChoice,
  where: MatchConditions,
  page: { afterId: number; limit: number } | null,
  read: MatchedPageRead,
  audit: { row: ReadAuditRow; handedOut: number } | null,
): Sql {
  // PostgreSQL 16 reads the (tenant, household) index in household order under `=` but not under `= any(...)`:
  // with one tenant (a ministry, always) the page walks the index and stops at `limit` instead of sorting all matches.
  const tenantIs =
    by.tenantCode !== undefined ? sql`bm.tenant_code = ${by.tenantCode}` : sql`bm.tenant_code = any(array(select distinct tenant_code from batches))`;
  const inBatches = sql`bm.batch_id = any(array(select id from batches))`;
  const conds: Sql[] = [];
  let byHousehold = false;
  for (const [key, column] of Object.entries(COLUMN)) {
    const value = where[key as keyof typeof COLUMN];
    if (value === undefined || value === null) continue;
    conds.push(sql` and ${column} = ${value}`);
    byHousehold ||= !BATCH_MATCH_CONDITIONS.has(key);
  }
  if (where.discrepancyKind) conds.push(sql` and ${where.discrepancyKind}::text = any(bm.discrepancy_kinds)`);
  // Households are joined to choose the page only for a condition on their columns: every household the caller's
  // matches name is one row-level security lets it read, and the rows below join them anyway. The join cost a
  // ministry's page a scan of the household key under its policy (a third of the page's database time).
  const households = byHousehold ? sql`join households h on h.id = bm.household_id` : sql.empty;
  return sql`with batches as (${chosenBatches(by)}),
     page as (
       select bm.household_id from batch_matches bm ${households}
       where ${tenantIs} and ${inBatches} and bm.household_id > ${page?.afterId ?? 0}::int ${sql.join(conds, '\n')}
       group by bm.household_id order by bm.household_id ${page ? sql`limit ${page.limit}::int` : sql.empty}
     )${audit ? auditCte(audit.row, audit.handedOut) : sql.empty}
     select ${householdColumns(read.household ?? null)}, ${read.matches === false ? sql`'[]'::json` : matchFacts(tenantIs, inBatches)} as matches${membersColumn(read.members)}
     from page p join households h on h.id = p.household_id order by h.id`;
}

/** The match facts of the household aliased `h`, as a JSON array by period and row. */
function matchFacts(tenantIs: Sql, inBatches: Sql): Sql {
  return sql`(select json_agg(json_build_object('batchId', bm.batch_id, 'period', b.period, 'rowNo', bm.row_no, 'outcome', bm.outcome,
          'discrepancyKinds', bm.discrepancy_kinds, 'memberId', bm.member_id, 'householdId', bm.household_id) order by b.period, bm.row_no)
        from batch_matches bm join sector_batches b on b.id = bm.batch_id
        where ${tenantIs} and bm.household_id = h.id and ${inBatches})`;
}

/** The read's audit row in the page's own statement, naming the households handed out (not the look-ahead row), in page order. */
function auditCte(row: ReadAuditRow, handedOut: number): Sql {
  const registryNos = sql`array(select h.registry_no from page p join households h on h.id = p.household_id order by p.household_id limit ${handedOut}::int)`;
  return sql`, audit as (${readAuditInsert(row, registryNos)})`;
}

/** Records of a completing batch per statement that copies its matches: each statement stays well inside the statement timeout. */
export const MATCH_COPY_ROWS = 100_000;

/**
 * Copies a completed batch's MATCHED and PROBABLE records, with the member's
 * household and its place, into the table that ministries' reads walk in
 * household order, in the transaction that marks the batch COMPLETED (so
 * once per batch: a second run would break the key, not add rows twice).
 * One statement per {@link MATCH_COPY_ROWS} rows, so that none grows with the
 * batch. Each probes members and households by key in member order (LATERAL
 * with LIMIT 1, a shape no statistics can turn into a scan of either table),
 * and inserts in household order, the order of the (tenant, household) index:
 * in the records' order each row landed on a random leaf of it (a 1M-record
 * batch: 8M buffer touches with ON CONFLICT's extra key probe, 3.8M so).
 */
export async function recordBatchMatches(tem: EntityManager, batchId: string, totalRecords: number): Promise<void> {
  for (let from = 1; from <= totalRecords; from += MATCH_COPY_ROWS) await runSql(tem, matchCopy(batchId, from, from + MATCH_COPY_ROWS));
}

/** The statement of {@link recordBatchMatches} for the batch's rows `from` (inclusive) to `to` (exclusive). */
export function matchCopy(batchId: string, from: number, to: number): Sql {
  return sql`insert into batch_matches (batch_id, row_no, tenant_code, sector, member_id, household_id, province_code, county_code, outcome, discrepancy_kinds)
     select br.batch_id, br.row_no, b.tenant_code, b.sector, br.member_id, h.id, h.province_code, h.county_code, br.outcome, br.discrepancy_kinds
     from sector_batches b
     cross join (
       select batch_id, row_no, member_id, outcome, discrepancy_kinds from batch_records
       where batch_id = ${batchId}::uuid and row_no >= ${from}::int and row_no < ${to}::int and outcome in ('MATCHED', 'PROBABLE')
       order by member_id
     ) br
     cross join lateral (select m.household_id from members m where m.id = br.member_id limit 1) m
     cross join lateral (select h.id, h.province_code, h.county_code from households h where h.id = m.household_id limit 1) h
     where b.id = ${batchId}::uuid
     order by h.id, br.row_no`;
}
