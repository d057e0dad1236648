import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';

/** A tenant row to insert when missing. */
export interface TenantRow {
  code: string;
  name: string;
  kind: string;
  provinceCode?: string;
  sector?: string;
}

/** Inserts the tenants that are missing, in one statement (the list is one bound jsonb value); returns how many. */
export async function insertMissingTenants(em: EntityManager, tenants: readonly TenantRow[]): Promise<number> {
  const [{ inserted }] = await runSql<{ inserted: number }>(
    em,
    sql`with inserted as (
       insert into tenants (code, name, kind, province_code, sector)
       select code, name, kind, "provinceCode", sector
       from jsonb_to_recordset(${JSON.stringify(tenants)}::jsonb) as t(code text, name text, kind text, "provinceCode" text, sector text)
       on conflict (code) do nothing
       returning 1)
     select count(*)::int as inserted from inserted`,
  );
  return inserted;
}
