import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import { type ProjectScope, projectScopeSql } from '../projects/project-reads.repository';
import type { Benefit } from './benefit.types';

/** A household's benefit, with the household it belongs to. */
export type BenefitReadRow = Benefit & { householdId: number };

/**
 * The benefits of many households in one statement, from the projects the caller reads (a ministry: of its
 * types), oldest first. The households themselves were read under the caller's scope before.
 */
export function findBenefitsOfHouseholds(em: EntityManager, scope: ProjectScope, householdIds: readonly number[]): Promise<BenefitReadRow[]> {
  return runSql<BenefitReadRow>(
    em,
    sql`select b.household_id as "householdId", p.project_no as "projectNo", p.type as "projectType", b.type, b.amount::text as amount,
       to_char(b.date, 'YYYY-MM-DD') as date
     from benefits b join projects p on p.id = b.project_id
     where b.household_id = any(${householdIds}::int[]) and ${projectScopeSql(scope, 'p')}
     order by b.household_id, b.date, b.id`,
  );
}
