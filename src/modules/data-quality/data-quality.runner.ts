import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logging/logger';
import type { DataQualityRule, RuleSqlContext } from './data-quality.rule';
import { type RunScope, issueScopePredicate, scopePredicate } from './data-quality.scope';

/** What became of a run this time. */
export type RunEnd = 'COMPLETED' | 'PARTIAL' | 'SKIPPED';

/** Options of a runner. */
export interface DataQualityRunnerOptions {
  rules: readonly DataQualityRule[];
  /** The day ages refer to (`YYYY-MM-DD`). @defaultValue today */
  referenceDate?: string;
}

interface StartedRun extends RunScope {
  doneRules: string[];
  failedRules: string[];
}

/** Serialises rule writes of concurrent runs: issues have one open row per (rule, subject). */
const LOCK = `select pg_advisory_xact_lock(hashtext('data-quality-issues'))`;

/**
 * Applies every rule of a run, each in its own transaction: found problems are
 * upserted as OPEN issues, open issues of the scope that were not found again
 * are closed as FIXED, and the rule is recorded as done on the run, together.
 * A rule that throws rolls back alone and is listed as failed; the next rules
 * still run. A redelivered job skips the rules already done.
 */
export class DataQualityRunner {
  constructor(private readonly orm: MikroORM, private readonly log: Logger, private readonly opts: DataQualityRunnerOptions) {}

  async run(runId: string): Promise<RunEnd> {
    const run = await this.start(runId);
    if (!run) return 'SKIPPED';
    const ctx: RuleSqlContext = { scope: scopePredicate(run), refDate: refDateSql(this.opts.referenceDate) };
    for (const rule of this.opts.rules) {
      if (run.doneRules.includes(rule.code) || run.failedRules.includes(rule.code)) continue;
      try {
        await this.applyRule(runId, run, rule, ctx);
      } catch (err) {
        this.log.error({ runId, rule: rule.code, err }, 'data-quality rule failed');
        await this.em().execute(`update data_quality_runs set failed_rules = array_append(failed_rules, ?) where id = ?::uuid`, [rule.code, runId]);
      }
    }
    const [row] = await this.em().execute<Array<{ status: RunEnd }>>(
      `update data_quality_runs set status = case when cardinality(failed_rules) > 0 then 'PARTIAL' else 'COMPLETED' end, finished_at = now()
       where id = ?::uuid returning status`,
      [runId],
    );
    return row.status;
  }

  /** Marks the run RUNNING and fixes its scope; null when it already finished. */
  private async start(runId: string): Promise<StartedRun | null> {
    const rows = await this.em().execute<Array<{ provinceCode: string | null; since: Date | null; doneRules: string[]; failedRules: string[] }>>(
      `update data_quality_runs r set status = 'RUNNING', started_at = coalesce(r.started_at, now()), attempts = r.attempts + 1, rules_total = ?,
         since = case when r.mode = 'CHANGED' then coalesce(r.since, (
           select max(p.started_at) from data_quality_runs p
           where p.status = 'COMPLETED' and p.id <> r.id and (p.province_code is null or p.province_code is not distinct from r.province_code))) end
       where r.id = ?::uuid and r.status in ('QUEUED', 'RUNNING')
       returning r.province_code as "provinceCode", r.since, r.done_rules as "doneRules", r.failed_rules as "failedRules"`,
      [this.opts.rules.length, runId],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return { provinceCode: r.provinceCode, since: r.since ? new Date(r.since) : null, doneRules: r.doneRules ?? [], failedRules: r.failedRules ?? [] };
  }

  private async applyRule(runId: string, scope: RunScope, rule: DataQualityRule, ctx: RuleSqlContext): Promise<void> {
    const found = rule.sql(ctx);
    await this.em().transactional(async (tem) => {
      await tem.execute(LOCK);
      const [counts] = await tem.execute<Array<{ found: number; opened: number }>>(upsertSql(found), [
        rule.code, rule.kind, rule.severity, rule.field, rule.message, runId, runId,
      ]);
      const fixed = await closeMissing(tem, rule.code, runId, scope);
      await tem.execute(
        `update data_quality_runs set done_rules = array_append(done_rules, ?), found = found + ?, opened = opened + ?, fixed = fixed + ? where id = ?::uuid`,
        [rule.code, counts.found, counts.opened, fixed, runId],
      );
      this.log.debug({ runId, rule: rule.code, ...counts, fixed }, 'data-quality rule applied');
    });
  }

  private em(): EntityManager {
    return this.orm.em.fork();
  }
}

/**
 * Upserts what a rule found as OPEN issues, positioned from the household and
 * member rows, in one statement; counts found and newly opened.
 */
function upsertSql(found: string): string {
  return `with found as (${found}),
    upserted as (
      insert into data_quality_issues (rule_code, kind, severity, field, message, detail, subject_key,
        household_id, province_code, county_code, village_code, registry_no, member_id, id_number, member_name,
        related_household_id, related_province_code, related_registry_no, related_member_id, related_id_number,
        first_run_id, last_run_id, detected_at, last_seen_at)
      select distinct on (k.subject_key) ?, ?, ?, ?, ?, f.detail, k.subject_key,
        h.id, h.province_code, h.county_code, h.village_code, h.registry_no, m.id, m.id_number, m.name,
        rh.id, rh.province_code, rh.registry_no, rm.id, rm.id_number,
        ?::uuid, ?::uuid, now(), now()
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

/** Open issues of the rule in the run's scope that the run did not find again: FIXED now. */
async function closeMissing(tem: EntityManager, ruleCode: string, runId: string, scope: RunScope): Promise<number> {
  const res = (await tem.execute(
    `update data_quality_issues i set status = 'FIXED', fixed_at = now(), fixed_run_id = ?::uuid
     where i.rule_code = ? and i.status = 'OPEN' and i.last_run_id <> ?::uuid and ${issueScopePredicate(scope)}`,
    [runId, ruleCode, runId],
    'run',
  )) as unknown as { affectedRows: number };
  return res.affectedRows;
}

/** The reference day as a SQL literal; validated, since it is inlined. */
export function refDateSql(day: string | undefined): string {
  if (day === undefined) return 'current_date';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`reference date must be YYYY-MM-DD`);
  return `'${day}'::date`;
}
