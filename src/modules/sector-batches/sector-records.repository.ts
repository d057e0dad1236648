import type { EntityManager } from '@mikro-orm/postgresql';
import { prepareRecord } from './record-preparer';
import type { Sector } from '../tenants/tenant.enums';
import { runSql, sql } from '../../db/sql';
import type { BatchRecord } from './batch-record.type';
import type { MatchOutcome } from './sector-batch.enums';

/** The COPY that `copyLine` (copy-text.encoder.ts) rows feed, column for column: the record as received, then what intake made of it. */
export const SECTOR_RECORDS_COPY = sql`copy sector_records (batch_id, row_no, id_number, name, birth_date, region_code, attributes, parse_error,
  valid, reason, id_norm, corrected, name_norm, birth_key, county, sent_birth_date) from stdin`;

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
 * made of them (as the streamed upload does), in one statement.
 */
export async function insertRecords(tem: EntityManager, batchId: string, sector: Sector, records: InlineRecord[], firstRowNo = 1): Promise<void> {
  if (!records.length) return;
  const today = new Date();
  const rows = records.map((r, i) => {
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
      birthKey: p.birthDate,
      county: p.county,
      sentBirthDate: p.sentBirthDate,
      attributes: p.valid ? p.attributes : raw.attributes,
    };
  });
  await runSql(
    tem,
    sql`insert into sector_records (batch_id, row_no, id_number, name, birth_date, region_code, attributes,
          valid, reason, id_norm, corrected, name_norm, birth_key, county, sent_birth_date)
        select ${batchId}::uuid, r."rowNo", r."idNumber", r.name, r."birthDate", r."regionCode", r.attributes,
          r.valid, r.reason, r."idNorm", r.corrected, r."nameNorm", r."birthKey", r.county, r."sentBirthDate"
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("rowNo" int, "idNumber" text, name text, "birthDate" text, "regionCode" text, attributes jsonb,
          valid boolean, reason text, "idNorm" text, corrected text, "nameNorm" text, "birthKey" date, county text, "sentBirthDate" boolean)`,
  );
}

/** Up to `limit` records of a batch after row `afterRow`, in row order, optionally of one outcome. */
export function recordsPage(em: EntityManager, batchId: string, page: { afterRow: number; outcome?: MatchOutcome; limit: number }): Promise<BatchRecord[]> {
  return runSql<BatchRecord>(
    em,
    sql`select row_no as "rowNo", id_number as "idNumber", outcome, reason, discrepancy_kinds as "discrepancyKinds",
          member_id as "memberId", suggestion_member_id as "suggestionMemberId"
        from batch_records where batch_id = ${batchId}::uuid and row_no > ${page.afterRow}::int ${page.outcome ? sql`and outcome = ${page.outcome}` : sql.empty}
        order by row_no limit ${page.limit}::int`,
  );
}
