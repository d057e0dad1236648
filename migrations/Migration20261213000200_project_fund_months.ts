import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts and migration 000700 (a migration must not import application code).
const API_ROLE = 'hub_api';
const WORKER_ROLE = 'hub_worker';
const SCOPE = `(select current_setting('hub.scope', true))`;
const PROVINCE = `(select current_setting('hub.province', true))`;
const TENANT = `(select current_setting('hub.tenant', true))`;
const OWN_PROVINCE = `(${SCOPE} = 'ALL' or (${SCOPE} = 'PROVINCE' and province_code = ${PROVINCE}))`;
/** As migration 20261201000300: a ministry reads the ledger of the project types of its agreement. */
const OF_MINISTRY = (t: string) => `(${SCOPE} = 'MATCHED' and exists (select 1 from projects p where p.id = ${t}.project_id
  and p.type = any((select sp.project_types from sharing_policies sp where sp.tenant_code = ${TENANT})::text[])))`;
const TABLES = ['project_fund_months', 'project_fund_totals'];

/**
 * The fund ledger summed per project, source and month (`project_fund_months`): allocated and disbursed net
 * of reversals, and the number of ledger rows; and the same per project and source over all time
 * (`project_fund_totals`), for figures not grouped or filtered by time. fundStats groups these instead of
 * every transaction; the month is the finest time it groups or filters by. The ledger is append-only, so
 * one statement-level trigger on insert keeps both, in the transaction of the insert, set-based. Only that
 * trigger writes them (it runs as the owner); the hub's roles read them under the ledger's row-level security.
 */
export class Migration20261213000200ProjectFundMonths extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table project_fund_months (
        project_id integer not null,
        province_code text not null,
        source text not null,
        month date not null check (date_part('day', month) = 1),
        allocated numeric(20,2) not null,
        disbursed numeric(20,2) not null,
        transactions integer not null check (transactions > 0),
        primary key (project_id, source, month),
        foreign key (project_id, province_code) references projects (id, province_code) on delete restrict
      )`);
    this.addSql(`create index project_fund_months_stats_idx on project_fund_months (province_code, project_id) include (source, month, allocated, disbursed)`);
    this.addSql(`
      create table project_fund_totals (
        project_id integer not null,
        province_code text not null,
        source text not null,
        allocated numeric(20,2) not null,
        disbursed numeric(20,2) not null,
        transactions integer not null check (transactions > 0),
        primary key (project_id, source),
        foreign key (project_id, province_code) references projects (id, province_code) on delete restrict
      )`);
    this.addSql(`create index project_fund_totals_stats_idx on project_fund_totals (province_code, project_id) include (source, allocated, disbursed)`);
    this.addSql(`
      create function project_fund_months_add() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        ${ADD('new_transactions', true)};
        ${ADD('new_transactions', false)};
        return null;
      end $$`);
    this.addSql(`
      create trigger fund_transactions_months after insert on fund_transactions
      referencing new table as new_transactions for each statement execute function project_fund_months_add()`);
    this.addSql(ADD('fund_transactions', true));
    this.addSql(ADD('fund_transactions', false));
    for (const t of TABLES) this.rowLevelSecurity(t);
  }

  private rowLevelSecurity(t: string): void {
    this.addSql(`alter table ${t} enable row level security`);
    this.addSql(`alter table ${t} force row level security`);
    this.addSql(`create policy ${t}_tenant on ${t} for select to ${API_ROLE} using ${OWN_PROVINCE}`);
    this.addSql(`create policy ${t}_ministry on ${t} for select to ${API_ROLE} using ${OF_MINISTRY(t)}`);
    this.addSql(`create policy ${t}_worker on ${t} for select to ${WORKER_ROLE} using (true)`);
    this.addSql(`do $$ begin execute format('create policy ${t}_owner on ${t} to %I using (true) with check (true)', current_user); end $$`);
    // Default privileges grant every new table to the hub's roles: they only read this one.
    this.addSql(`revoke insert, update, delete, truncate on ${t} from ${API_ROLE}, ${WORKER_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists fund_transactions_months on fund_transactions');
    this.addSql('drop function if exists project_fund_months_add');
    this.addSql('drop table if exists project_fund_totals');
    this.addSql('drop table if exists project_fund_months');
  }
}

/**
 * Adds ledger rows of `rows` to their months (or to their all-time totals): a reversal subtracts from the kind
 * it reverses. Rows are upserted in key order, so two writers of the same project lock its rows in the same order.
 */
export const ADD = (rows: string, monthly: boolean) => {
  const month = monthly ? ['month'] : [];
  const key = ['project_id', 'source', ...month].join(', ');
  return `
  insert into ${monthly ? 'project_fund_months' : 'project_fund_totals'} as m (project_id, province_code, source, ${month.map((c) => `${c}, `).join('')}allocated, disbursed, transactions)
  select t.project_id, t.province_code, t.source, ${monthly ? `t.date - date_part('day', t.date)::int + 1, ` : ''}
    coalesce(sum(t.amount) filter (where t.kind = 'ALLOCATION'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'ALLOCATION'), 0),
    coalesce(sum(t.amount) filter (where t.kind = 'DISBURSEMENT'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'DISBURSEMENT'), 0),
    count(*)
  from ${rows} t
  group by ${monthly ? '1, 2, 3, 4' : '1, 2, 3'}
  order by ${monthly ? '1, 3, 4' : '1, 3'}
  on conflict (${key}) do update
    set allocated = m.allocated + excluded.allocated, disbursed = m.disbursed + excluded.disbursed, transactions = m.transactions + excluded.transactions`;
};
