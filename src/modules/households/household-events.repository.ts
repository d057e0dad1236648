import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import type { HouseholdEventRow } from './household-event.row';
import type { HouseholdEventType } from './household.enums';

/** One change to record; `changes` holds `{ field: { old, new } }` and, for members, who came and went. */
export interface NewHouseholdEvent {
  householdId: number;
  provinceCode: string;
  type: HouseholdEventType;
  changes: Record<string, unknown>;
  tenantCode: string;
  requestId: string | null;
  version: number;
}

/** Appends events in one statement; the table refuses updates and deletes, so history only grows. */
export async function appendHouseholdEvents(em: EntityManager, events: NewHouseholdEvent[]): Promise<void> {
  if (!events.length) return;
  await runSql(
    em,
    sql`insert into household_events (household_id, province_code, type, changes, tenant_code, request_id, version)
     select e."householdId", e."provinceCode", e.type, e.changes, e."tenantCode", e."requestId", e.version
     from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e("householdId" int, "provinceCode" text, type text, changes jsonb,
       "tenantCode" text, "requestId" text, version int)`,
  );
}

/** The histories of many households in one statement, within the caller's scope, each oldest first. */
export function findHouseholdEvents(em: EntityManager, scope: TenantScope, householdIds: readonly number[]): Promise<HouseholdEventRow[]> {
  return runSql<HouseholdEventRow>(
    em,
    sql`select e.id::text as id, e.household_id as "householdId", e.type, e.changes, e.tenant_code as "tenantCode",
       e.request_id as "requestId", e.version, e.created_at as "createdAt"
     from household_events e
     where e.household_id = any(${householdIds}::int[]) and ${provinceScopeSql(scope, 'e')}
     order by e.household_id, e.id`,
  );
}
