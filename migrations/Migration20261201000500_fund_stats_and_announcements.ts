import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts and migration 000700 (a migration must not import application code).
const API_ROLE = 'hub_api';
const WORKER_ROLE = 'hub_worker';
const SCOPE = `(select current_setting('hub.scope', true))`;
const TENANT = `(select current_setting('hub.tenant', true))`;

/** The project types a ministry's sector sees (contract, "Who sees what"); a policy that widens one is a row here. */
const SECTOR_TYPES: Array<[string, string]> = [
  ['EDUCATION', 'EDUCATION'],
  ['HEALTH', 'HEALTH'],
  ['EMPLOYMENT', 'EMPLOYMENT_TRAINING'],
  ['HOUSING', 'HOUSING_RENOVATION'],
  ['HOUSING', 'RELOCATION'],
];

/** A ministry's projects: those of its sector's types. */
const MINISTRY_TYPES = `(${SCOPE} = 'MATCHED' and type in (select s.project_type from sector_project_types s join tenants t on t.sector = s.sector where t.code = ${TENANT}))`;
/** Rows of a project the ministry sees (the subquery is itself under the projects policies). */
const OF_VISIBLE_PROJECT = (table: string) => `(${SCOPE} = 'MATCHED' and exists (select 1 from projects p where p.id = ${table}.project_id))`;

/**
 * Fund statistics and the public announcements:
 * - covering indexes for fundStats' per-province scans of the ledger and the benefits;
 * - `sector_project_types` and the ministries' read policies on the project half (a ministry sees the
 *   projects of its sector's types, their lines and ledger, and their benefits to households it matched);
 * - `public_announcements(...)`: the one way the unauthenticated announcements list reads, a SECURITY DEFINER
 *   function whose result type is the whole list of what may leave (no name, ID number or registry number).
 */
export class Migration20261201000500FundStatsAndAnnouncements extends Migration {
  override async up(): Promise<void> {
    this.statsIndexes();
    this.sectorProjectTypes();
    this.ministryPolicies();
    this.announcements();
  }

  private statsIndexes(): void {
    // One province's ledger and benefits read from the index alone (fundStats, the annual report).
    this.addSql(
      `create index fund_transactions_stats_idx on fund_transactions (province_code, project_id) include (kind, reversed_kind, source, amount, date)`,
    );
    this.addSql(`create index benefits_stats_idx on benefits (province_code, project_id) include (household_id, date)`);
    // Benefit-day status of a beneficiary: the household's facts by day.
    this.addSql(`create index household_status_facts_household_day_idx on household_status_facts (household_id, effective_on) include (valid_to, status)`);
    // The public list, newest announcement first.
    this.addSql(`create index projects_announced_idx on projects (announcement_published_on desc, id desc) where announcement_published_on is not null`);
  }

  private sectorProjectTypes(): void {
    this.addSql(`
      create table sector_project_types (
        sector text not null check (sector in ('EDUCATION','MINIMUM_LIVING','HEALTH','EMPLOYMENT','HOUSING','CIVIL_REGISTRATION','DISABILITY')),
        project_type text not null,
        primary key (sector, project_type)
      )`);
    const values = SECTOR_TYPES.map(([s, t]) => `('${s}', '${t}')`).join(', ');
    this.addSql(`insert into sector_project_types (sector, project_type) values ${values}`);
    this.addSql(`alter table sector_project_types enable row level security`);
    this.addSql(`alter table sector_project_types force row level security`);
    // Reference data every role reads; only the owner (migrations) changes it.
    this.addSql(`create policy sector_project_types_read on sector_project_types for select to ${API_ROLE}, ${WORKER_ROLE} using (true)`);
    this.addSql(
      `do $$ begin execute format('create policy sector_project_types_owner on sector_project_types to %I using (true) with check (true)', current_user); end $$`,
    );
    this.addSql(`revoke insert, update, delete, truncate on sector_project_types from ${API_ROLE}, ${WORKER_ROLE}`);
  }

  private ministryPolicies(): void {
    this.addSql(`create policy projects_ministry_types on projects for select to ${API_ROLE} using ${MINISTRY_TYPES}`);
    for (const table of ['project_budget_lines', 'fund_transactions']) {
      this.addSql(`create policy ${table}_ministry_types on ${table} for select to ${API_ROLE} using ${OF_VISIBLE_PROJECT(table)}`);
    }
    this.addSql(`
      create policy benefits_ministry_types on benefits for select to ${API_ROLE} using (${OF_VISIBLE_PROJECT('benefits')}
        and exists (select 1 from batch_matches bm where bm.tenant_code = ${TENANT} and bm.household_id = benefits.household_id))`);
  }

  private announcements(): void {
    // Keyset pages (published day, id), newest first. Sums are over the ledger with reversals netted out;
    // households are counted, never listed.
    this.addSql(`
      create function public_announcements(after_day date, after_id integer, page_size integer, only_province text, only_county text)
      returns table (id integer, project_no text, province_code text, county_code text, village_codes text[], type text, status text,
        published_on date, place text, planned_start date, planned_end date, budget numeric, allocated numeric, disbursed numeric,
        households_benefited bigint)
      language sql stable security definer set search_path = public, pg_temp as $$
        select p.id, p.project_no, p.province_code, p.county_code, p.village_codes, p.type, p.status,
          p.announcement_published_on, p.announcement_place, p.planned_start, p.planned_end,
          (select coalesce(sum(bl.amount), 0) from project_budget_lines bl where bl.project_id = p.id),
          coalesce(l.allocated, 0), coalesce(l.disbursed, 0),
          (select count(distinct b.household_id) from benefits b where b.project_id = p.id)
        from projects p
        left join lateral (
          select sum(case when t.kind = 'ALLOCATION' then t.amount when t.reversed_kind = 'ALLOCATION' then -t.amount else 0 end) as allocated,
                 sum(case when t.kind = 'DISBURSEMENT' then t.amount when t.reversed_kind = 'DISBURSEMENT' then -t.amount else 0 end) as disbursed
          from fund_transactions t where t.project_id = p.id) l on true
        where p.announcement_published_on is not null
          and (only_province is null or p.province_code = only_province)
          and (only_county is null or p.county_code = only_county)
          and (after_id is null or (p.announcement_published_on, p.id) < (after_day, after_id))
        order by p.announcement_published_on desc, p.id desc
        limit least(greatest(page_size, 1), 500)
      $$`);
    this.addSql(`revoke all on function public_announcements(date, integer, integer, text, text) from public`);
    this.addSql(`grant execute on function public_announcements(date, integer, integer, text, text) to ${API_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists public_announcements(date, integer, integer, text, text)');
    this.addSql('drop policy if exists benefits_ministry_types on benefits');
    this.addSql('drop policy if exists fund_transactions_ministry_types on fund_transactions');
    this.addSql('drop policy if exists project_budget_lines_ministry_types on project_budget_lines');
    this.addSql('drop policy if exists projects_ministry_types on projects');
    this.addSql('drop table if exists sector_project_types');
    for (const index of ['projects_announced_idx', 'household_status_facts_household_day_idx', 'benefits_stats_idx', 'fund_transactions_stats_idx']) {
      this.addSql(`drop index if exists ${index}`);
    }
  }
}
