import { Migration } from '@mikro-orm/migrations';

/**
 * The benefits insert trigger checks each new row's flag on the transition table first and joins `benefits` only
 * for the rows whose flag is wrong (none when the writer computed it, as the seed and recordBenefits' set do).
 * Before, it joined every new row to `benefits` whatever the answer: with no statistics on the transition table
 * the planner hashed the whole benefits table for each insert, so bulk inserts grew with the table.
 */
export class Migration20261219000200BenefitPoorOnDateFilter extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function benefits_poor_on_date_of_rows() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        update benefits b set poor_on_date = x.poor
        from (select n.id, not n.poor_on_date as poor from new_benefits n
              where n.poor_on_date is distinct from household_poor_on(n.household_id, n.date) offset 0) x
        where b.id = x.id;
        return null;
      end $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      create or replace function benefits_poor_on_date_of_rows() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        update benefits b set poor_on_date = x.poor
        from (select n.id, household_poor_on(n.household_id, n.date) as poor from new_benefits n) x
        where b.id = x.id and b.poor_on_date is distinct from x.poor;
        return null;
      end $$`);
  }
}
