import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import { MEMBER_COLUMNS } from './household-members.repository';
import type { MemberRow } from './member.row';

/**
 * Members by id, in one statement, within the caller's scope (the tenant
 * filter's condition, written here; row-level security checks it again).
 */
export function findMembersById(em: EntityManager, scope: TenantScope, ids: readonly number[]): Promise<MemberRow[]> {
  return runSql<MemberRow>(em, sql`select ${MEMBER_COLUMNS} from members m where m.id = any(${ids}::int[]) and ${provinceScopeSql(scope, 'm')}`);
}
