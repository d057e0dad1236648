import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { SharingPolicyData } from './sharing-policy.fields';

const COLUMNS = sql`tenant_code as "tenantCode", description, household_fields as "householdFields", member_fields as "memberFields",
  member_rules as "memberRules", member_rows as "memberRows", project_types as "projectTypes", project_fields as "projectFields"`;

/** The agreement of one tenant, or null when it has none. */
export async function findPolicy(em: EntityManager, tenantCode: string): Promise<SharingPolicyData | null> {
  const [row] = await runSql<SharingPolicyData>(em, sql`select ${COLUMNS} from sharing_policies where tenant_code = ${tenantCode}`);
  return row ?? null;
}

export function listPolicies(em: EntityManager): Promise<SharingPolicyData[]> {
  return runSql<SharingPolicyData>(em, sql`select ${COLUMNS} from sharing_policies order by tenant_code`);
}
