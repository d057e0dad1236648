import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts and migration 000700 (a migration must not import application code).
const API_ROLE = 'hub_api';

/**
 * Fund statistics and the public announcements:
 * - covering indexes for fundStats' per-province scans of the ledger and the benefits;
 * - `public_announcements(...)`: the one way the unauthenticated announcements list reads, a SECURITY DEFINER
 *   function whose result type is the whole list of what may leave (no name, ID number or registry number).
 */
export class Migration20261201000500FundStatsAndAnnouncements extends Migration {
  override async up(): Promise<void> {
    this.statsIndexes();
    this.announcements();
  }

  private statsIndexes(): void {
    // One province's ledger and benefits read from the index alone (fundStats, the annual report).
    this.addSql(
      `create index fund_transactions_stats_idx on fund_transactions (province_code, project_id) include (kind, reversed_kind, source, amount, date)`,
    );
    this.addSql(`create index benefits_stats_idx on benefits (province_code, project_id) include (household_id, date)`);
    // A beneficiary's status on the benefit day reads migration 000400's household_status_facts_day_idx.
    // The public list, newest announcement first.
    this.addSql(`create index projects_announced_idx on projects (announcement_published_on desc, id desc) where announcement_published_on is not null`);
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
    for (const index of ['projects_announced_idx', 'benefits_stats_idx', 'fund_transactions_stats_idx']) {
      this.addSql(`drop index if exists ${index}`);
    }
  }
}
