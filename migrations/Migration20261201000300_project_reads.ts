import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts and migration 000700 (a migration must not import application code).
const API_ROLE = 'hub_api';
const SCOPE = `(select current_setting('hub.scope', true))`;
const TENANT = `(select current_setting('hub.tenant', true))`;

/** The project types the transaction's ministry may read, from its agreement; read once per statement (an InitPlan). */
const MINISTRY_TYPES = `(select sp.project_types from sharing_policies sp where sp.tenant_code = ${TENANT})::text[]`;
const MINISTRY = `${SCOPE} = 'MATCHED'`;
const PROJECT_OF_MINISTRY = (projectId: string) => `exists (select 1 from projects p where p.id = ${projectId} and p.type = any(${MINISTRY_TYPES}))`;
/** The households a ministry may read at all (migration 000700's matched rule). */
const MATCHED_HOUSEHOLD = (householdId: string) =>
  `exists (select 1 from batch_matches bm where bm.tenant_code = ${TENANT} and bm.household_id = ${householdId})`;

// Kept in step with src/modules/sharing-policies/sharing-policy.seed.ts (a test compares the two).
const WHAT = ['name', 'provinceCode', 'countyCode', 'villageCodes', 'status', 'targetsHouseholds', 'announcement'];
const WHEN = ['approvedOn', 'plannedStart', 'plannedEnd', 'completedOn'];
const MONEY = ['implementingUnit', 'budget', 'version', 'createdAt', 'updatedAt'];
const PROJECT_POLICIES: Record<string, { types: string[]; fields: string[] }> = {
  MOE: { types: ['EDUCATION'], fields: [...WHAT, ...WHEN, ...MONEY] },
  NHFPC: { types: ['HEALTH'], fields: [...WHAT, ...WHEN, ...MONEY] },
  MOHRSS: { types: ['EMPLOYMENT_TRAINING'], fields: [...WHAT, ...WHEN, 'budget'] },
  MOHURD: { types: ['HOUSING_RENOVATION', 'RELOCATION'], fields: [...WHAT, ...WHEN, ...MONEY, 'transactions'] },
  MCA: { types: [], fields: [] },
  MPS: { types: [], fields: [] },
  CDPF: { types: [], fields: [] },
};

/**
 * The read half of projects and funds: each agreement names the project types
 * a ministry may read and the project fields it sees (as data, beside its
 * household and member fields), and row-level security lets a ministry read
 * those projects, their budget lines and ledger, and their benefits to
 * households it matched. A transactions page per project walks (project, id).
 */
export class Migration20261201000300ProjectReads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table sharing_policies add column project_types text[] not null default '{}', add column project_fields text[] not null default '{}'`);
    this.addSql(
      `update sharing_policies sp set project_types = array(select jsonb_array_elements_text(d.v->'types')),
         project_fields = array(select jsonb_array_elements_text(d.v->'fields'))
       from jsonb_each('${JSON.stringify(PROJECT_POLICIES)}'::jsonb) d(k, v) where sp.tenant_code = d.k`,
    );
    this.addSql(`create policy projects_ministry on projects for select to ${API_ROLE} using (${MINISTRY} and type = any(${MINISTRY_TYPES}))`);
    for (const table of ['project_budget_lines', 'fund_transactions']) {
      this.addSql(
        `create policy ${table}_ministry on ${table} for select to ${API_ROLE} using (${MINISTRY} and ${PROJECT_OF_MINISTRY(`${table}.project_id`)})`,
      );
    }
    this.addSql(
      `create policy benefits_ministry on benefits for select to ${API_ROLE}
       using (${MINISTRY} and ${PROJECT_OF_MINISTRY('benefits.project_id')} and ${MATCHED_HOUSEHOLD('benefits.household_id')})`,
    );
    this.addSql(`create index fund_transactions_project_idx on fund_transactions (project_id, id)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists fund_transactions_project_idx');
    for (const table of ['projects', 'project_budget_lines', 'fund_transactions', 'benefits'])
      this.addSql(`drop policy if exists ${table}_ministry on ${table}`);
    this.addSql('alter table sharing_policies drop column project_types, drop column project_fields');
  }
}
