import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { RunChecks, type RunMode } from './data-quality.enums';
import type { DataQualityRule, RuleSqlContext } from './data-quality.rule';

/** What one run checks: a province or the whole registry, all households or those changed since a time. */
export interface RunScope {
  provinceCode: string | null;
  since: Date | null;
}

/** A run marked RUNNING: its scope and the rules it already went through. */
export interface StartedRun extends RunScope {
  doneRules: string[];
  failedRules: string[];
}

/** What became of a run that went through all its rules. */
export type RunOutcome = 'COMPLETED' | 'PARTIAL';

/**
 * The scope as a predicate on a row carrying a household's `province_code` and
 * `updated_at` under `alias`; the province and the time are bound values.
 */
export function scopePredicate(scope: RunScope): (alias: string) => Sql {
  return (alias) => {
    const parts: Sql[] = [];
    if (scope.provinceCode) parts.push(sql`${sql.ident(`${alias}.province_code`)} = ${scope.provinceCode}::text`);
    if (scope.since) parts.push(sql`${sql.ident(`${alias}.updated_at`)} >= ${scope.since}::timestamptz`);
    return parts.length ? sql`(${sql.join(parts, ' and ')})` : sql`true`;
  };
}

/**
 * Which open issues a run answers for (alias `i`): those whose household, or
 * whose related member's household, lies in the scope. An issue in scope that
 * the run did not find again is fixed.
 */
export function issueScopePredicate(scope: RunScope): Sql {
  if (!scope.provinceCode && !scope.since) return sql`true`;
  if (!scope.since) return sql`(i.province_code = ${scope.provinceCode}::text or i.related_province_code = ${scope.provinceCode}::text)`;
  return sql`exists (select 1 from households h where h.id in (i.household_id, i.related_household_id) and ${scopePredicate(scope)('h')})`;
}

/** The reference day of ages: today, or the given `YYYY-MM-DD` day (bound). */
export function refDateSql(day: string | undefined): Sql {
  if (day === undefined) return sql`current_date`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`reference date must be YYYY-MM-DD`);
  return sql`${day}::date`;
}

/** What a run's rules are built with. */
export function ruleContext(scope: RunScope, referenceDate: string | undefined): RuleSqlContext {
  return { scope: scopePredicate(scope), refDate: refDateSql(referenceDate) };
}

/** Records a QUEUED run (of the registry unless told otherwise) and returns its id. */
export async function createRun(
  em: EntityManager,
  tenantCode: string,
  provinceCode: string | null,
  mode: RunMode,
  checks: RunChecks = RunChecks.REGISTRY,
): Promise<string> {
  const [row] = await runSql<{ id: string }>(
    em,
    sql`insert into data_quality_runs (tenant_code, province_code, mode, status, checks)
        values (${tenantCode}, ${provinceCode}, ${mode}, 'QUEUED', ${checks}) returning id`,
  );
  return row.id;
}

/** A run that could not be put on the queue: FAILED, to be asked again. */
export async function markRunNotQueued(em: EntityManager, runId: string): Promise<void> {
  await runSql(
    em,
    sql`update data_quality_runs set status = 'FAILED', error = 'the queue is unavailable; ask again later', finished_at = now() where id = ${runId}::uuid`,
  );
}

/** A run that kept failing: FAILED with the reason, unless it already ended. */
export async function markRunFailed(em: EntityManager, runId: string, error: string): Promise<void> {
  await runSql(
    em,
    sql`update data_quality_runs set status = 'FAILED', error = ${error}, finished_at = now() where id = ${runId}::uuid and status in ('QUEUED', 'RUNNING')`,
  );
}

/**
 * Marks the run RUNNING and fixes its scope (a CHANGED run: households changed
 * since the last completed run of its scope started); null when it already finished.
 */
export async function startRun(em: EntityManager, runId: string, rulesTotal: number): Promise<StartedRun | null> {
  const rows = await runSql<{ provinceCode: string | null; since: Date | null; doneRules: string[] | null; failedRules: string[] | null }>(
    em,
    sql`update data_quality_runs r set status = 'RUNNING', started_at = coalesce(r.started_at, now()), attempts = r.attempts + 1, rules_total = ${rulesTotal}::int,
         since = case when r.mode = 'CHANGED' then coalesce(r.since, (
           select max(p.started_at) from data_quality_runs p
           where p.status = 'COMPLETED' and p.checks = r.checks and p.id <> r.id and (p.province_code is null or p.province_code is not distinct from r.province_code))) end
       where r.id = ${runId}::uuid and r.status in ('QUEUED', 'RUNNING')
       returning r.province_code as "provinceCode", r.since, r.done_rules as "doneRules", r.failed_rules as "failedRules"`,
  );
  if (!rows.length) return null;
  const r = rows[0];
  return { provinceCode: r.provinceCode, since: r.since ? new Date(r.since) : null, doneRules: r.doneRules ?? [], failedRules: r.failedRules ?? [] };
}

/** Lists a rule as failed on the run (its issues stay as they were). */
export async function recordRuleFailed(em: EntityManager, runId: string, ruleCode: string): Promise<void> {
  await runSql(em, sql`update data_quality_runs set failed_rules = array_append(failed_rules, ${ruleCode}::text) where id = ${runId}::uuid`);
}

/** Ends the run: PARTIAL when a rule failed, else COMPLETED. */
export async function finishRun(em: EntityManager, runId: string): Promise<RunOutcome> {
  const [row] = await runSql<{ status: RunOutcome }>(
    em,
    sql`update data_quality_runs set status = case when cardinality(failed_rules) > 0 then 'PARTIAL' else 'COMPLETED' end, finished_at = now()
       where id = ${runId}::uuid returning status`,
  );
  return row.status;
}

/** Serialises rule writes of concurrent runs: issues have one open row per (rule, subject). */
const ISSUES_LOCK = sql`select pg_advisory_xact_lock(hashtext('data-quality-issues'))`;

/**
 * Applies one rule of a run in its own transaction: found problems are
 * upserted as OPEN issues, open issues of the scope that were not found again
 * are closed as FIXED, and the rule is recorded as done on the run, together.
 */
export async function applyRule(
  em: EntityManager,
  runId: string,
  scope: RunScope,
  rule: DataQualityRule,
  ctx: RuleSqlContext,
): Promise<{ found: number; opened: number; fixed: number }> {
  const found = rule.sql(ctx);
  return em.transactional(async (tem) => {
    await runSql(tem, ISSUES_LOCK);
    const [counts] = await runSql<{ found: number; opened: number }>(tem, upsertFound(found, rule, runId));
    const fixed = await closeMissing(tem, rule.code, runId, scope);
    await runSql(
      tem,
      sql`update data_quality_runs set done_rules = array_append(done_rules, ${rule.code}::text), found = found + ${counts.found}::int,
           opened = opened + ${counts.opened}::int, fixed = fixed + ${fixed}::int where id = ${runId}::uuid`,
    );
    return { ...counts, fixed };
  });
}

/**
 * Upserts what a rule found as OPEN issues, positioned from the household and
 * member rows, in one statement; counts found and newly opened.
 */
function upsertFound(found: Sql, rule: DataQualityRule, runId: string): Sql {
  return sql`with found as (${found}),
    upserted as (
      insert into data_quality_issues (rule_code, kind, severity, field, message, detail, subject_key,
        household_id, province_code, county_code, village_code, registry_no, member_id, id_number, member_name,
        related_household_id, related_province_code, related_registry_no, related_member_id, related_id_number,
        first_run_id, last_run_id, detected_at, last_seen_at)
      select distinct on (k.subject_key) ${rule.code}::text, ${rule.kind}::text, ${rule.severity}::text, ${rule.field}::text, ${rule.message}::text,
        f.detail, k.subject_key,
        h.id, h.province_code, h.county_code, h.village_code, h.registry_no, m.id, m.id_number, m.name,
        rh.id, rh.province_code, rh.registry_no, rm.id, rm.id_number,
        ${runId}::uuid, ${runId}::uuid, now(), now()
      from found f
      cross join lateral (select coalesce('m:' || f.member_id, 'h:' || f.household_id) || coalesce('>' || f.related_member_id, '') as subject_key) k
      join households h on h.id = f.household_id
      left join members m on m.id = f.member_id
      left join members rm on rm.id = f.related_member_id
      left join households rh on rh.id = rm.household_id
      order by k.subject_key
      on conflict (rule_code, subject_key) where status = 'OPEN' do update set
        last_run_id = excluded.last_run_id, last_seen_at = excluded.last_seen_at, detail = excluded.detail,
        village_code = excluded.village_code, county_code = excluded.county_code, id_number = excluded.id_number,
        member_name = excluded.member_name, related_registry_no = excluded.related_registry_no, related_id_number = excluded.related_id_number
      returning (xmax = 0) as inserted)
    select count(*)::int as found, (count(*) filter (where inserted))::int as opened from upserted`;
}

/** Open issues of the rule in the run's scope that the run did not find again: FIXED now; returns how many. */
async function closeMissing(tem: EntityManager, ruleCode: string, runId: string, scope: RunScope): Promise<number> {
  const [{ fixed }] = await runSql<{ fixed: number }>(
    tem,
    sql`with fixed as (
       update data_quality_issues i set status = 'FIXED', fixed_at = now(), fixed_run_id = ${runId}::uuid
       where i.rule_code = ${ruleCode}::text and i.status = 'OPEN' and i.last_run_id <> ${runId}::uuid and ${issueScopePredicate(scope)}
       returning 1)
     select count(*)::int as fixed from fixed`,
  );
  return fixed;
}
