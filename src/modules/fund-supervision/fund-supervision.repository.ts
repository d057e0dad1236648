import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { refDateSql } from '../data-quality/data-quality.repository';
import { type FundRule, type FundRuleContext, fundScope } from './fund-supervision.rule';

/** What became of one rule in a run. */
export interface RuleCounts {
  found: number;
  opened: number;
  fixed: number;
}

/** What a run's rules are built with: its province (or the whole country) and its day (today, or a bound `YYYY-MM-DD`). */
export function fundRuleContext(provinceCode: string | null, referenceDate: string | undefined): FundRuleContext {
  return { scope: fundScope(provinceCode), refDate: refDateSql(referenceDate) };
}

/** Serialises rule writes of concurrent runs: one open row per (rule, subject). */
const ISSUES_LOCK = sql`select pg_advisory_xact_lock(hashtext('fund-supervision-issues'))`;

/**
 * Applies one rule of a run in its own transaction: what it found is upserted
 * as OPEN issues, open issues of the run's province it did not find again are
 * closed as FIXED, and the rule is recorded as done on the run, together.
 */
export async function applyFundRule(em: EntityManager, runId: string, provinceCode: string | null, rule: FundRule, ctx: FundRuleContext): Promise<RuleCounts> {
  return em.transactional(async (tem) => {
    await runSql(tem, ISSUES_LOCK);
    const [counts] = await runSql<{ found: number; opened: number }>(tem, upsertFound(rule.sql(ctx), rule, runId));
    const [{ fixed }] = await runSql<{ fixed: number }>(
      tem,
      sql`with fixed as (
         update fund_supervision_issues i set status = 'FIXED', fixed_at = now(), fixed_run_id = ${runId}::uuid
         where i.rule_code = ${rule.code}::text and i.status = 'OPEN' and i.last_run_id <> ${runId}::uuid and ${fundScope(provinceCode)('i')}
         returning 1)
       select count(*)::int as fixed from fixed`,
    );
    await runSql(
      tem,
      sql`update data_quality_runs set done_rules = array_append(done_rules, ${rule.code}::text), found = found + ${counts.found}::int,
           opened = opened + ${counts.opened}::int, fixed = fixed + ${fixed}::int where id = ${runId}::uuid`,
    );
    return { ...counts, fixed };
  });
}

/**
 * Upserts what a rule found as OPEN issues in one statement, positioned from the
 * project, the transaction and the household; counts found and newly opened. The
 * subject (project, transaction, household, part) is what a later run must find
 * again for the issue to stay open.
 */
function upsertFound(found: Sql, rule: FundRule, runId: string): Sql {
  return sql`with found as (${found}),
    upserted as (
      insert into fund_supervision_issues (rule_code, severity, field, message, detail, subject_key,
        province_code, county_code, village_code, project_id, project_no, transaction_id, reference, household_id, registry_no,
        first_run_id, last_run_id, detected_at, last_seen_at)
      select distinct on (k.subject_key) ${rule.code}::text, ${rule.severity}::text, ${rule.field}::text, ${rule.message}::text, f.detail, k.subject_key,
        p.province_code, p.county_code, h.village_code, p.id, p.project_no, t.id, t.reference, h.id, h.registry_no,
        ${runId}::uuid, ${runId}::uuid, now(), now()
      from found f
      cross join lateral (select concat_ws(':', 'p' || f.project_id, 't' || f.transaction_id, 'h' || f.household_id, f.part) as subject_key) k
      join projects p on p.id = f.project_id
      left join fund_transactions t on t.id = f.transaction_id
      left join households h on h.id = f.household_id
      order by k.subject_key
      on conflict (rule_code, subject_key) where status = 'OPEN' do update set
        last_run_id = excluded.last_run_id, last_seen_at = excluded.last_seen_at, detail = excluded.detail
      returning (xmax = 0) as inserted)
    select count(*)::int as found, (count(*) filter (where inserted))::int as opened from upserted`;
}
