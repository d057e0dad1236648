import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { provinceScopeSql } from '../../db/tenant-scope';
import { statsErrors } from './registry-stats.errors';
import type { AnnualReport, AnnualReportRow } from './registry-stats.types';

const COUNTS = ['newIdentifications', 'exits', 'returns', 'removals', 'membersAdded', 'membersRemoved'] as const;

/**
 * The annual dynamic-management report. Status changes come from the same
 * dated facts that `registryStats(asOf:)` reads, so the report and the
 * year-end statistics agree; natural changes of members come from the events,
 * dated by the removal date given, else by when they were recorded. A
 * household's cancellation is a removal of the household, not of its members.
 */
export class AnnualReportService {
  constructor(private readonly em: EntityManager, private readonly caller: Caller) {}

  async report(year: number, provinceCode?: string | null): Promise<AnnualReport> {
    if (!Number.isInteger(year) || year < 1949 || year > 2100) throw statsErrors.BAD_YEAR();
    const f = provinceScopeSql(this.caller.scope, 'f');
    const e = provinceScopeSql(this.caller.scope, 'e');
    const only = provinceCode ? { f: ' and f.province_code = ?', e: ' and e.province_code = ?', p: [provinceCode] } : { f: '', e: '', p: [] };
    const rows = await this.em.execute<AnnualReportRow[]>(
      `with status_changes as (
         select f.province_code,
           count(*) filter (where f.kind = 'IDENTIFIED') as identified, count(*) filter (where f.kind = 'EXITED') as exits,
           count(*) filter (where f.kind = 'RETURNED') as returns, count(*) filter (where f.kind = 'REMOVED') as removals
         from household_status_facts f
         where f.effective_on between make_date(?, 1, 1) and make_date(?, 12, 31) and ${f.sql}${only.f}
         group by f.province_code),
       member_changes as (
         select e.province_code,
           sum(jsonb_array_length(case when jsonb_typeof(e.changes->'members'->'added') = 'array' then e.changes->'members'->'added' else '[]'::jsonb end)) as added,
           sum(jsonb_array_length(case when jsonb_typeof(e.changes->'members'->'removed') = 'array' then e.changes->'members'->'removed' else '[]'::jsonb end)) as removed
         from household_events e
         where e.type in ('MEMBER_ADDED', 'MEMBER_REMOVED', 'UPDATED')
           and e.created_at >= (make_date(?, 1, 1)::timestamp at time zone 'Asia/Shanghai')
           and extract(year from coalesce((e.changes->'members'->>'date')::date, (e.created_at at time zone 'Asia/Shanghai')::date)) = ?
           and ${e.sql}${only.e}
         group by e.province_code)
       select coalesce(s.province_code, m.province_code) as "provinceCode",
         coalesce(s.identified, 0)::int as "newIdentifications", coalesce(s.exits, 0)::int as exits, coalesce(s.returns, 0)::int as returns,
         coalesce(s.removals, 0)::int as removals, coalesce(m.added, 0)::int as "membersAdded", coalesce(m.removed, 0)::int as "membersRemoved"
       from status_changes s full join member_changes m on m.province_code = s.province_code
       order by 1`,
      [year, year, ...f.params, ...only.p, year, year, ...e.params, ...only.p],
    );
    const total: AnnualReportRow = { provinceCode: null, newIdentifications: 0, exits: 0, returns: 0, removals: 0, membersAdded: 0, membersRemoved: 0 };
    for (const r of rows) for (const k of COUNTS) total[k] += r[k];
    return { year, provinces: rows, total };
  }
}
