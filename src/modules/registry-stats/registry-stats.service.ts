import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { provinceScopeSql } from '../../db/tenant-scope';
import { StatDimension } from './registry-stats.enums';
import { statsErrors } from './registry-stats.errors';
import type { RegistryStatsFilter } from './registry-stats.inputs';
import type { StatRow } from './registry-stats.types';

/** Household dimensions: columns of the `hh` set (current, or as of a day). */
const HOUSEHOLD_DIMENSIONS: Partial<Record<StatDimension, { sql: string; field: keyof StatRow }>> = {
  [StatDimension.PROVINCE]: { sql: 'hh.province_code', field: 'provinceCode' },
  [StatDimension.COUNTY]: { sql: 'hh.county_code', field: 'countyCode' },
  [StatDimension.STATUS]: { sql: 'hh.status', field: 'status' },
  [StatDimension.PRIMARY_CAUSE]: { sql: 'hh.primary_cause', field: 'primaryCause' },
  [StatDimension.IDENTIFIED_YEAR]: { sql: 'hh.identified_year', field: 'identifiedYear' },
  [StatDimension.EXIT_YEAR]: { sql: 'hh.exit_year', field: 'exitYear' },
};

/** Member dimensions, on member `m`; `$D` is the reference day. */
const MEMBER_DIMENSIONS: Partial<Record<StatDimension, { sql: string; field: keyof StatRow }>> = {
  [StatDimension.SEX]: { sql: 'm.sex', field: 'sex' },
  [StatDimension.AGE_BAND]: {
    sql: `case when m.birth_date is null then null else (select case when a < 6 then '0-5' when a < 16 then '6-15' when a < 60 then '16-59' else '60+' end
          from (select extract(year from age($D, m.birth_date)) as a) x) end`,
    field: 'ageBand',
  },
  [StatDimension.DISABLED]: { sql: `(m.health = 'DISABLED' or m.disability_level is not null)`, field: 'disabled' },
  [StatDimension.ETHNIC_MINORITY]: { sql: `case when m.ethnicity is null then null else m.ethnicity <> 'Han' end`, field: 'ethnicMinority' },
};

interface Built {
  sql: string;
  params: unknown[];
}

/** Members `m` (joined to their household `hm` when a day needs its creation time) and who counts. */
interface MemberSet extends Built {
  from: string;
}

/**
 * Households and people of the registry, grouped, in one statement. Without
 * `asOf` from the current rows; with it, each household's status and exit year
 * come from `household_status_facts` (the one fact valid on that day), and a
 * member counts when born by then and not gone before then.
 */
export class RegistryStatsService {
  constructor(private readonly em: EntityManager, private readonly caller: Caller) {}

  async stats(groupBy: StatDimension[], filter: RegistryStatsFilter | undefined, asOf: Date | undefined | null): Promise<StatRow[]> {
    if (new Set(groupBy).size !== groupBy.length) throw statsErrors.DUPLICATE_DIMENSION();
    const day = asOf ? asOf.toISOString().slice(0, 10) : null;
    const households = this.householdSet(filter, day);
    const q = groupBy.some((d) => MEMBER_DIMENSIONS[d]) ? this.byMembers(groupBy, households, day) : this.byHouseholds(groupBy, households, day);
    const rows = await this.em.execute<Array<Record<string, unknown>>>(q.sql, q.params);
    return rows.map((r) => toStatRow(groupBy, r));
  }

  /** The `hh` set: households in scope and filter, with status and exit year current or as of `day`. */
  private householdSet(filter: RegistryStatsFilter | undefined, day: string | null): Built {
    const scope = provinceScopeSql(this.caller.scope, day ? 'f' : 'h');
    const base = day
      ? `select h.id, h.province_code, h.county_code, f.status, h.primary_cause, h.identified_year, f.exit_year_asof as exit_year
         from household_status_facts f join households h on h.id = f.household_id
         where f.effective_on <= ?::date and (f.valid_to is null or f.valid_to > ?::date) and ${scope.sql}`
      : `select h.id, h.province_code, h.county_code, h.status, h.primary_cause, h.identified_year, h.exit_year from households h where ${scope.sql}`;
    const params: unknown[] = day ? [day, day, ...scope.params] : [...scope.params];
    const conditions: string[] = [];
    const add = (sql: string, value: unknown) => value !== undefined && value !== null && (conditions.push(sql), params.push(value));
    add('b.province_code = ?', filter?.provinceCode);
    add('b.county_code = ?', filter?.countyCode);
    add('b.status = ?', filter?.status);
    add('b.primary_cause = ?', filter?.primaryCause);
    add('b.identified_year = ?', filter?.identifiedYear);
    add('b.exit_year = ?', filter?.exitYear);
    return { sql: `select * from (${base}) b where ${conditions.length ? conditions.join(' and ') : 'true'}`, params };
  }

  /**
   * Grouped by household dimensions only: households counted from the set,
   * people from one join of the set with the members, each grouped straight to
   * the few result rows (no per-household aggregate), then put side by side.
   */
  private byHouseholds(groupBy: StatDimension[], hh: Built, day: string | null): Built {
    const dims = groupBy.map((d) => `${HOUSEHOLD_DIMENSIONS[d]!.sql} as "${d}"`);
    const active = activeMember(day);
    const scope = provinceScopeSql(this.caller.scope, 'm');
    const groupClause = groupBy.length ? `group by ${groupBy.map((_, i) => String(i + 1)).join(', ')}` : '';
    const same = groupBy.map((d) => `h."${d}" is not distinct from p."${d}"`).join(' and ') || 'true';
    const select = (extra: string) => [...dims, extra].join(', ');
    return {
      sql: `select ${[...groupBy.map((d) => `h."${d}"`), 'h.households', 'coalesce(p.people, 0)::int as people'].join(', ')}
        from (select ${select('count(*)::int as households')} from (${hh.sql}) hh ${groupClause}) h
        left join (select ${select('count(*)::int as people')} from (${hh.sql}) hh
          join ${active.from} on m.household_id = hh.id and ${active.sql} and ${scope.sql} ${groupClause}) p on ${same}
        ${groupBy.length ? `order by ${groupBy.map((_, i) => String(i + 1)).join(', ')}` : ''}`,
      params: [...hh.params, ...hh.params, ...active.params, ...scope.params],
    };
  }

  /** Grouped by a member dimension: households with a member in the group, and those members. */
  private byMembers(groupBy: StatDimension[], hh: Built, day: string | null): Built {
    const ref = day ? `'${day}'::date` : 'current_date';
    const dims = groupBy.map((d) => `${(HOUSEHOLD_DIMENSIONS[d] ?? MEMBER_DIMENSIONS[d])!.sql.replace('$D', ref)} as "${d}"`);
    const active = activeMember(day);
    const groups = groupBy.map((_, i) => String(i + 1));
    return {
      sql: `with hh as (${hh.sql})
        select ${[...dims, 'count(distinct m.household_id)::int as households', 'count(*)::int as people'].join(', ')}
        from hh join ${active.from} on m.household_id = hh.id and ${active.sql}
        group by ${groups.join(', ')} order by ${groups.join(', ')}`,
      params: [...hh.params, ...active.params],
    };
  }
}

/**
 * Who counts as a registered person, now or on `day`: on a day, a member born
 * by then, not gone before then, and not added (after the household was
 * registered) only after then. Late additions are found in the few
 * member-change events recorded after the day, an anti-join, not a lookup per member.
 */
function activeMember(day: string | null): MemberSet {
  if (!day) return { from: 'members m', sql: `m.status = 'ACTIVE'`, params: [] };
  return {
    from: 'members m',
    sql: `(m.status = 'ACTIVE' or m.status_date > ?::date) and (m.birth_date is null or m.birth_date <= ?::date)
      and not exists (
        select 1 from household_events e cross join lateral jsonb_array_elements_text(
          case when jsonb_typeof(e.changes->'members'->'added') = 'array' then e.changes->'members'->'added' else '[]'::jsonb end) a(id_number)
        where e.type in ('MEMBER_ADDED', 'MEMBER_REMOVED', 'UPDATED') and e.created_at >= ((?::date + 1)::timestamp at time zone 'Asia/Shanghai')
          and e.household_id = m.household_id and a.id_number = m.id_number)`,
    params: [day, day, day],
  };
}

function toStatRow(groupBy: StatDimension[], r: Record<string, unknown>): StatRow {
  const row: StatRow = { households: Number(r.households), people: Number(r.people) };
  for (const d of groupBy) {
    const field = (HOUSEHOLD_DIMENSIONS[d] ?? MEMBER_DIMENSIONS[d])!.field;
    (row as unknown as Record<string, unknown>)[field] = r[d] ?? null;
  }
  return row;
}
