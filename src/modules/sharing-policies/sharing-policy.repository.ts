import type { EntityManager } from '@mikro-orm/postgresql';
import { boundQuery } from '../../db/bound-query';
import type { SharingPolicyData } from './sharing-policy.fields';

const COLUMNS = `tenant_code as "tenantCode", description, household_fields as "householdFields", member_fields as "memberFields",
  member_rules as "memberRules", member_rows as "memberRows"`;

/** The agreement of one tenant, or null when it has none. */
export async function findPolicy(em: EntityManager, tenantCode: string): Promise<SharingPolicyData | null> {
  const [row] = await boundQuery<SharingPolicyData>(em, `select ${COLUMNS} from sharing_policies where tenant_code = ?`, [tenantCode]);
  return row ?? null;
}

export function listPolicies(em: EntityManager): Promise<SharingPolicyData[]> {
  return boundQuery<SharingPolicyData>(em, `select ${COLUMNS} from sharing_policies order by tenant_code`, []);
}
