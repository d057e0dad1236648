import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts and migration 000700 (a migration must not import application code).
const API_ROLE = 'hub_api';
const WORKER_ROLE = 'hub_worker';

// The tenant of the transaction, read once per statement (see migration 000700).
const SCOPE = `(select current_setting('hub.scope', true))`;
const PROVINCE = `(select current_setting('hub.province', true))`;
const OWN_PROVINCE = `(${SCOPE} = 'ALL' or (${SCOPE} = 'PROVINCE' and province_code = ${PROVINCE}))`;

/**
 * Fund supervision: the issues of the twelve FUNDS rules, positioned by project
 * and by transaction or household, with the data-quality lifecycle (one OPEN
 * row per rule and subject, FIXED rows kept). Ids come from the data-quality
 * issues' sequence so that `dataQualityIssues` pages over both tables by one id.
 * Runs stay in `data_quality_runs`, told apart by `checks`.
 */
export class Migration20261201000400FundSupervision extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table data_quality_runs add column checks text not null default 'REGISTRY' constraint data_quality_runs_checks_check check (checks in ('REGISTRY', 'FUNDS'))`,
    );
    this.addSql(`
      create table fund_supervision_issues (
        id bigint primary key default nextval('data_quality_issues_id_seq'::regclass),
        rule_code text not null,
        kind text not null default 'FUNDS' check (kind = 'FUNDS'),
        severity text not null check (severity in ('ERROR', 'WARNING')),
        subject_key text not null,
        province_code text not null,
        county_code text not null,
        village_code text,
        project_id integer not null,
        project_no text not null,
        transaction_id bigint,
        reference text,
        household_id integer,
        registry_no text,
        field text not null,
        message text not null,
        detail text,
        status text not null default 'OPEN' check (status in ('OPEN', 'FIXED')),
        first_run_id uuid not null,
        last_run_id uuid not null,
        fixed_run_id uuid,
        detected_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        fixed_at timestamptz
      )`);
    this.addSql(`create unique index fund_supervision_issues_open_uq on fund_supervision_issues (rule_code, subject_key) where status = 'OPEN'`);
    this.addSql(`create index fund_supervision_issues_province_idx on fund_supervision_issues (province_code, status, id)`);
    this.addSql(`create index fund_supervision_issues_county_idx on fund_supervision_issues (county_code, id)`);
    this.addSql(`create index fund_supervision_issues_rule_idx on fund_supervision_issues (rule_code, status, id)`);
    this.addSql(`create index fund_supervision_issues_project_idx on fund_supervision_issues (project_no, id)`);
    this.addSql(`create index fund_supervision_issues_registry_idx on fund_supervision_issues (registry_no, id) where registry_no is not null`);
    this.rowLevelSecurity();
    this.statusIndex();
  }

  private rowLevelSecurity(): void {
    const t = 'fund_supervision_issues';
    this.addSql(`alter table ${t} enable row level security`);
    this.addSql(`alter table ${t} force row level security`);
    // The API only reads issues; the worker's runs write them across provinces.
    this.addSql(`create policy ${t}_tenant on ${t} for select to ${API_ROLE} using ${OWN_PROVINCE}`);
    this.addSql(`create policy ${t}_worker on ${t} to ${WORKER_ROLE} using (true) with check (true)`);
    this.addSql(`do $$ begin execute format('create policy ${t}_owner on ${t} to %I using (true) with check (true)', current_user); end $$`);
    this.addSql(`revoke insert, update, delete, truncate on ${t} from ${API_ROLE}`);
    this.addSql(`revoke truncate on ${t} from ${WORKER_ROLE}`);
  }

  private statusIndex(): void {
    // BENEFICIARY_NOT_POOR and LOW_TARGETING find a household's status on a benefit's day: an index-only hash build
    // (the ledger rules read fund_transactions whole, so the ledger gets no index that would slow its writes).
    this.addSql(`create index household_status_facts_day_idx on household_status_facts (household_id, effective_on) include (valid_to, status)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists household_status_facts_day_idx');
    this.addSql('drop table if exists fund_supervision_issues');
    this.addSql('alter table data_quality_runs drop column if exists checks');
  }
}
