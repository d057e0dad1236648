import { Migration } from '@mikro-orm/migrations';
import { ADD } from './Migration20261213000200_project_fund_months';

const LEDGER_OF_RANGE = '(select * from fund_transactions where project_id between p_lo and p_hi)';

/**
 * project_fund_sums_rebuild(lo, hi): the summed ledger (project_fund_months, project_fund_totals) of the projects
 * with ids in [lo, hi], recomputed from their ledger rows by the same statements as the ledger's trigger. The bulk
 * seed writes a batch without row triggers (session_replication_role) and builds the batch's sums with one call.
 * Only the owner may run it: it is security definer, and no hub role writes the sums.
 */
export class Migration20261219000300ProjectFundSumsRebuild extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function project_fund_sums_rebuild(p_lo integer, p_hi integer) returns void language plpgsql
      security definer set search_path = public, pg_temp as $$
      begin
        delete from project_fund_months where project_id between p_lo and p_hi;
        delete from project_fund_totals where project_id between p_lo and p_hi;
        ${ADD(LEDGER_OF_RANGE, true)};
        ${ADD(LEDGER_OF_RANGE, false)};
      end $$`);
    this.addSql(`revoke execute on function project_fund_sums_rebuild(integer, integer) from public`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists project_fund_sums_rebuild(integer, integer)');
  }
}
