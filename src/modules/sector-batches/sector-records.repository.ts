import type { EntityManager } from '@mikro-orm/postgresql';
import { prepareRecord } from './record-preparer';
import type { Sector } from '../tenants/tenant.enums';
import type { Client } from 'pg';
import { type Sql, runSql, sql } from '../../db/sql';
import type { BatchRecord } from './batch-record.type';
import type { MatchOutcome } from './sector-batch.enums';
import type { ExportFacts } from '../audit/audit.repository';

/** The COPY that `copyLine` (copy-text.encoder.ts) rows feed, column for column: the record as received, then what intake made of it. */
export function sectorRecordsCopy(table: string): Sql {
  return sql`copy ${sql.ident(table)} (batch_id, row_no, id_number, name, birth_date, region_code, attributes, parse_error,
    valid, reason, id_norm, corrected, name_norm, birth_key, county, sent_birth_date, name_fold, name_pinyin) from stdin`;
}

/*
 * A batch's records are its own partition of sector_records (migration 000800):
 * the first write fills a table with no index (the one `openRecordsTable`
 * names), and `attachRecords` builds its keys and attaches it, in the writer's
 * transaction; once attached, the batch is written through sector_records.
 */

/** The table this batch's records are written to now. */
export async function openRecordsTable(client: Client, batchId: string): Promise<string> {
  const { rows } = await client.query<{ t: string }>(sql`select open_sector_records(${batchId}::uuid) as t`.toPg());
  return rows[0].t;
}

/** Builds the keys of the batch's table and attaches it as the batch's partition (nothing when it already is). */
export async function attachRecords(client: Client, batchId: string): Promise<void> {
  await client.query(sql`select attach_sector_records(${batchId}::uuid)`.toPg());
}

/** A record's fields as a ministry sends them inline (dates as YYYY-MM-DD). */
export interface InlineRecord {
  idNumber: string;
  name: string;
  birthDate?: string | null;
  regionCode?: string | null;
  attributes?: Record<string, unknown> | null;
}

/**
 * Stores records as sent (row numbers from `firstRowNo`) beside what intake
 * made of them (as the streamed upload does), in one statement, into the
 * batch's own table (see `openRecordsTable`).
 */
export async function insertRecords(tem: EntityManager, batchId: string, sector: Sector, records: InlineRecord[], firstRowNo = 1): Promise<void> {
  if (!records.length) return;
  const rows = inlineRows(sector, records, firstRowNo);
  const [{ t: table }] = await runSql<{ t: string }>(tem, sql`select open_sector_records(${batchId}::uuid) as t`);
  await runSql(
    tem,
    sql`insert into ${sql.ident(table)} (batch_id, row_no, id_number, name, birth_date, region_code, attributes,
          valid, reason, id_norm, corrected, name_norm, birth_key, county, sent_birth_date, name_fold, name_pinyin)
        select ${batchId}::uuid, r."rowNo", r."idNumber", r.name, r."birthDate", r."regionCode", r.attributes,
          r.valid, r.reason, r."idNorm", r.corrected, r."nameNorm", r."birthKey", r.county, r."sentBirthDate", r."nameFold", r."namePinyin"
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("rowNo" int, "idNumber" text, name text, "birthDate" text, "regionCode" text, attributes jsonb,
          valid boolean, reason text, "idNorm" text, corrected text, "nameNorm" text, "birthKey" date, county text, "sentBirthDate" boolean, "nameFold" text, "namePinyin" text)`,
  );
  await runSql(tem, sql`select attach_sector_records(${batchId}::uuid)`);
}

/** Inline records as the rows insertRecords writes: as sent, beside what intake made of them. */
function inlineRows(sector: Sector, records: InlineRecord[], firstRowNo: number) {
  const today = new Date();
  return records.map((r, i) => {
    const raw = {
      rowNo: firstRowNo + i,
      idNumber: r.idNumber,
      name: r.name,
      birthDate: r.birthDate ?? null,
      regionCode: r.regionCode ?? null,
      attributes: r.attributes ?? null,
      parseError: null,
    };
    const p = prepareRecord(raw, sector, today);
    return {
      ...raw,
      valid: p.valid,
      reason: p.reason,
      idNorm: p.idNumber,
      corrected: p.corrected,
      nameNorm: p.nameNorm,
      nameFold: p.nameFold,
      namePinyin: p.namePinyin,
      birthKey: p.birthDate,
      county: p.county,
      sentBirthDate: p.sentBirthDate,
      attributes: p.valid ? p.attributes : raw.attributes,
    };
  });
}

/** Where a page by score starts: after this record in (score desc, row) order; a record with no score counts as -1. */
export interface ScoreCursor {
  score: number;
  rowNo: number;
}

/** Up to `limit` records of a batch after row `afterRow` (or, by score, after `afterScore`), optionally of one outcome. */
export function recordsPage(
  em: EntityManager,
  batchId: string,
  page: { afterRow: number; outcome?: MatchOutcome; limit: number; byScore?: boolean; afterScore?: ScoreCursor | null },
): Promise<BatchRecord[]> {
  if (!page.byScore) return runSql<BatchRecord>(em, sql`${recordsQuery(batchId, page.outcome, page.afterRow)} limit ${page.limit}::int`);
  const c = page.afterScore;
  const after = c
    ? sql`and (coalesce(match_score, -1) < ${c.score}::real or (coalesce(match_score, -1) = ${c.score}::real and row_no > ${c.rowNo}::int))`
    : sql.empty;
  return runSql<BatchRecord>(
    em,
    sql`select ${RECORD_COLUMNS} from batch_records where batch_id = ${batchId}::uuid ${page.outcome ? sql`and outcome = ${page.outcome}` : sql.empty} ${after}
        order by coalesce(match_score, -1) desc, row_no limit ${page.limit}::int`,
  );
}

const RECORD_COLUMNS = sql`row_no as "rowNo", id_number as "idNumber", outcome, reason, discrepancy_kinds as "discrepancyKinds",
  member_id as "memberId", suggestion_member_id as "suggestionMemberId", match_score as "matchScore", match_evidence as "matchEvidence",
  suggestion_repair as "suggestionRepair"`;

/** What a read of records hands out (over recordsQuery's rows, alias `q`): the ID numbers of those that matched a member, as batchRecords audits. */
export const RECORD_READ_FACTS: ExportFacts = { registryNo: null, idNumber: sql`case when q."memberId" is not null then q."idNumber" end` };

/** A batch's records after row `afterRow` in row order, optionally of one outcome: the page's statement, and the export's without a limit. */
export function recordsQuery(batchId: string, outcome: MatchOutcome | undefined, afterRow = 0): Sql {
  return sql`select ${RECORD_COLUMNS}
        from batch_records where batch_id = ${batchId}::uuid and row_no > ${afterRow}::int ${outcome ? sql`and outcome = ${outcome}` : sql.empty}
        order by row_no`;
}
