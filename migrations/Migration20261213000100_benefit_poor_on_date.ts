import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts and migration 000700 (a migration must not import application code).
const ROLES = 'hub_api, hub_worker';
/** What the hub's roles may change of a recorded benefit (a new amount, by whom): never the kept flag. */
const UPDATABLE = 'amount, tenant_code, request_id, updated_at';

/**
 * Whether a benefit's household was POOR or RETURNED on the benefit's day, kept on the benefit row
 * (`benefits.poor_on_date`) so that fundStats counts registered-poor households from the benefits alone
 * instead of joining every benefit to the dated status facts. Statement-level triggers keep it:
 * - benefits inserted, or moved to another household or day: recomputed for those rows;
 * - status facts inserted or re-dated (household_status_facts_recompute): recomputed for the benefits
 *   of those households.
 * Each trigger writes only the rows whose answer changed. The functions run as the owner: the answer
 * reads facts the writing role may not see, and no hub role writes the flag itself.
 */
export class Migration20261213000100BenefitPoorOnDate extends Migration {
  override async up(): Promise<void> {
    // A constant default adds the column without rewriting the table; the backfill sets the true ones.
    this.addSql(`alter table benefits add column poor_on_date boolean not null default false`);
    this.addSql(`drop index if exists benefits_stats_idx`);
    this.addSql(POOR_ON);
    // Benefits recorded before: one join (facts never overlap, so a benefit meets at most one), before any trigger exists.
    this.addSql(`
      update benefits b set poor_on_date = true from household_status_facts f
      where f.household_id = b.household_id and f.status in ('POOR', 'RETURNED') and f.effective_on <= b.date
        and (f.valid_to is null or f.valid_to > b.date)`);
    this.addSql(`
      create function benefits_poor_on_date_of_rows() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        update benefits b set poor_on_date = x.poor
        from (select n.id, household_poor_on(n.household_id, n.date) as poor from new_benefits n) x
        where b.id = x.id and b.poor_on_date is distinct from x.poor;
        return null;
      end $$`);
    this.addSql(`
      create trigger benefits_poor_on_date_insert after insert on benefits
      referencing new table as new_benefits for each statement execute function benefits_poor_on_date_of_rows()`);
    // The app never moves a benefit to another household or day, but a move must not leave a stale answer. A statement
    // trigger fires even for no row: returning before any write when nothing moved ends the trigger's own re-firing.
    this.addSql(`
      create function benefits_poor_on_date_of_moved() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        if not exists (select 1 from new_benefits n join old_benefits o on o.id = n.id
                       where (n.household_id, n.date) is distinct from (o.household_id, o.date)) then
          return null;
        end if;
        update benefits b set poor_on_date = household_poor_on(b.household_id, b.date)
        from new_benefits n join old_benefits o on o.id = n.id
        where b.id = n.id and (n.household_id, n.date) is distinct from (o.household_id, o.date)
          and b.poor_on_date is distinct from household_poor_on(b.household_id, b.date);
        return null;
      end $$`);
    this.addSql(`
      create trigger benefits_poor_on_date_update after update on benefits
      referencing old table as old_benefits new table as new_benefits for each statement execute function benefits_poor_on_date_of_moved()`);
    this.addSql(`
      create function benefits_poor_on_date_of_facts() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        update benefits b set poor_on_date = x.poor
        from (select b2.id, household_poor_on(b2.household_id, b2.date) as poor from benefits b2
              where b2.household_id in (select distinct household_id from changed_facts)) x
        where b.id = x.id and b.poor_on_date is distinct from x.poor;
        return null;
      end $$`);
    for (const event of ['insert', 'update']) {
      this.addSql(`
        create trigger household_status_facts_benefits_${event} after ${event} on household_status_facts
        referencing new table as changed_facts for each statement execute function benefits_poor_on_date_of_facts()`);
    }
    this.addSql(`revoke update on benefits from ${ROLES}`);
    this.addSql(`grant update (${UPDATABLE}) on benefits to ${ROLES}`);
    // fundStats reads a province's benefits from this index alone, the flag included.
    this.addSql(`create index benefits_stats_idx on benefits (province_code, project_id) include (household_id, date, poor_on_date)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists benefits_stats_idx`);
    this.addSql(`create index benefits_stats_idx on benefits (province_code, project_id) include (household_id, date)`);
    this.addSql(`revoke update (${UPDATABLE}) on benefits from ${ROLES}`);
    this.addSql(`grant update on benefits to ${ROLES}`);
    for (const event of ['insert', 'update']) this.addSql(`drop trigger if exists household_status_facts_benefits_${event} on household_status_facts`);
    this.addSql('drop trigger if exists benefits_poor_on_date_insert on benefits');
    this.addSql('drop trigger if exists benefits_poor_on_date_update on benefits');
    this.addSql('drop function if exists benefits_poor_on_date_of_facts');
    this.addSql('drop function if exists benefits_poor_on_date_of_moved');
    this.addSql('drop function if exists benefits_poor_on_date_of_rows');
    this.addSql('drop function if exists household_poor_on(integer, date)');
    this.addSql('alter table benefits drop column poor_on_date');
  }
}

/**
 * POOR or RETURNED on `day` by the dated facts (facts never overlap: each ends where the next begins).
 * A plain SQL function, inlined into the statements that call it.
 */
const POOR_ON = `
  create function household_poor_on(p_household integer, p_day date) returns boolean language sql stable parallel safe as $$
    select exists (select 1 from household_status_facts f
      where f.household_id = p_household and f.status in ('POOR', 'RETURNED') and f.effective_on <= p_day
        and (f.valid_to is null or f.valid_to > p_day))
  $$`;
