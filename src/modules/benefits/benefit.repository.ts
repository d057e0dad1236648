import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import { type BenefitHousehold, type BenefitRow, benefitKey } from './benefit.rules';

/** The SQL of benefit writes: one statement for a whole call each, limited to the caller's province. */
export class BenefitRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly provinceCode: string,
  ) {}

  /**
   * The province's households among these registry numbers, share-locked until commit: a removal
   * (or any change of status) waits for the benefits checked against it, and one committed before is seen.
   */
  async lockHouseholds(registryNos: string[]): Promise<Map<string, BenefitHousehold>> {
    if (!registryNos.length) return new Map();
    const rows = await runSql<BenefitHousehold & { registryNo: string }>(
      this.em,
      sql`select h.id, h.registry_no as "registryNo", h.status from households h
       where h.province_code = ${this.provinceCode} and h.registry_no = any(${registryNos}::text[]) order by h.id for share`,
    );
    return new Map(rows.map((r) => [r.registryNo, { id: r.id, status: r.status }]));
  }

  /** The project's stored benefits to these households: amount (text, or null) by household, type and day. */
  async loadBenefits(projectId: number, householdIds: number[]): Promise<Map<string, string | null>> {
    if (!householdIds.length) return new Map();
    const rows = await runSql<{ householdId: number; type: string; date: string; amount: string | null }>(
      this.em,
      sql`select b.household_id as "householdId", b.type, to_char(b.date, 'YYYY-MM-DD') as date, b.amount::text as amount from benefits b
       where b.province_code = ${this.provinceCode} and b.project_id = ${projectId} and b.household_id = any(${householdIds}::int[])`,
    );
    return new Map(rows.map((r) => [benefitKey(r.householdId, r.type, r.date), r.amount]));
  }

  /** Inserts the rows, or gives an existing (household, type, day) its new amount; one statement. */
  async upsert(projectId: number, rows: BenefitRow[], writer: { tenantCode: string; requestId: string }): Promise<void> {
    if (!rows.length) return;
    await runSql(
      this.em,
      sql`insert into benefits as b (project_id, province_code, household_id, type, amount, date, tenant_code, request_id)
       select ${projectId}::int, ${this.provinceCode}::text, r."householdId", r.type, r.amount, r.date, ${writer.tenantCode}::text, ${writer.requestId}::text
       from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("householdId" int, type text, amount numeric(14,2), date date)
       on conflict (project_id, household_id, type, date) do update set amount = excluded.amount, tenant_code = excluded.tenant_code,
         request_id = excluded.request_id, updated_at = now()
       where b.amount is distinct from excluded.amount`,
    );
  }
}
