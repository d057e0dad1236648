import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { LedgerRow } from './fund-ledger.rules';

/** A row to append; `reversesId` and `reversedKind` for a reversal only. */
export interface LedgerInsert {
  projectId: number;
  kind: string;
  source: string;
  amount: string;
  date: string;
  reference: string;
  reversesId?: string;
  reversedKind?: string;
}

/**
 * The ledger's SQL: one statement for a whole call each, limited to the
 * caller's province. The table only grows (the database refuses UPDATE and
 * DELETE); amounts travel as text and are numeric in the database.
 */
export class FundLedgerRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly provinceCode: string,
  ) {}

  /**
   * The stored rows under these (project, kind, reference) keys, with what each reverses and what reversed it.
   * Each key is one probe of the reference index (LATERAL ... LIMIT 1, which the planner keeps a nested loop), so no
   * statistics can turn it into a scan of the ledger.
   */
  loadRows(keys: Array<{ projectId: number; kind: string; reference: string }>): Promise<LedgerRow[]> {
    if (!keys.length) return Promise.resolve([]);
    return runSql<LedgerRow>(
      this.em,
      sql`select t.id::text as id, t.project_id as "projectId", t.kind, t.source, t.amount::text as amount, to_char(t.date, 'YYYY-MM-DD') as date,
         t.reference, target.reference as "reversesReference", reversal.reference as "reversedBy"
       from (select distinct * from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k("projectId" int, kind text, reference text)) k
       cross join lateral (select * from fund_transactions t
         where t.project_id = k."projectId" and t.kind = k.kind and t.reference = k.reference and t.province_code = ${this.provinceCode} limit 1) t
       left join lateral (select x.reference from fund_transactions x where x.id = t.reverses_id limit 1) target on true
       left join lateral (select x.reference from fund_transactions x where x.reverses_id = t.id limit 1) reversal on true`,
    );
  }

  /** Appends rows in one statement; returns the new ids by (project, kind, reference). */
  async append(rows: LedgerInsert[], writer: { tenantCode: string; requestId: string }): Promise<Map<string, string>> {
    if (!rows.length) return new Map();
    const saved = await runSql<{ id: string; projectId: number; kind: string; reference: string }>(
      this.em,
      sql`insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, reverses_id, reversed_kind, tenant_code, request_id)
       select r."projectId", ${this.provinceCode}::text, r.kind, r.source, r.amount, r.date, r.reference, r."reversesId", r."reversedKind",
         ${writer.tenantCode}::text, ${writer.requestId}::text
       from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("projectId" int, kind text, source text, amount numeric(14,2), date date,
         reference text, "reversesId" bigint, "reversedKind" text)
       returning id::text as id, project_id as "projectId", kind, reference`,
    );
    return new Map(saved.map((r) => [`${r.projectId}|${r.kind}|${r.reference}`, r.id]));
  }
}
