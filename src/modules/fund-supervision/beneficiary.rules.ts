import { sql } from '../../db/sql';
import { IssueSeverity } from '../data-quality/data-quality.enums';
import { FUND_LIMITS, type FundRule, judgedBenefits } from './fund-supervision.rule';

/** A problem of one project's benefits to one household. */
const perHousehold = sql`b.project_id, null::bigint as transaction_id, b.household_id, null::text as part`;

/**
 * The rules on who benefited: households against the registry (removed, not
 * poor on the day, outside the project's county), benefits against each other
 * (twice a year, microcredit over the cap), and projects against their aim.
 */
export const BENEFICIARY_RULES: readonly FundRule[] = [
  {
    code: 'BENEFICIARY_NOT_REGISTERED',
    severity: IssueSeverity.ERROR,
    field: 'beneficiaries.registryNo',
    // Benefits reference households by key, so a number that never existed cannot be stored; what remains is a removed household.
    message: 'A benefit went to a registry number that was removed from the registry',
    sql: (ctx) =>
      sql`select ${perHousehold}, count(*) || ' benefit(s) from ' || min(b.date) as detail
        from benefits b join households h on h.id = b.household_id
        where h.status = 'REMOVED' and ${ctx.scope('b')}
        group by b.project_id, b.household_id`,
  },
  {
    code: 'BENEFICIARY_NOT_POOR',
    severity: IssueSeverity.ERROR,
    field: 'beneficiaries.registryNo',
    message: `A benefit went to a household that was neither poor nor returned on the benefit date, nor exited within ${FUND_LIMITS.yearsAfterExit} years before it`,
    sql: (ctx) =>
      sql`select ${perHousehold},
          min(b.date) || ': ' || coalesce((array_agg(b.status_then order by b.date))[1], 'not yet identified') as detail
        from (${judgedBenefits(ctx)}) b
        where not b.eligible
        group by b.project_id, b.household_id`,
  },
  {
    code: 'BENEFICIARY_OUTSIDE_AREA',
    severity: IssueSeverity.ERROR,
    field: 'beneficiaries.registryNo',
    message: 'A beneficiary household lives outside the project’s county',
    sql: (ctx) =>
      sql`select ${perHousehold}, min(h.county_code) || ' <> ' || min(p.county_code) as detail
        from benefits b join households h on h.id = b.household_id join projects p on p.id = b.project_id
        where h.county_code <> p.county_code and ${ctx.scope('b')}
        group by b.project_id, b.household_id`,
  },
  {
    code: 'DUPLICATE_BENEFIT',
    severity: IssueSeverity.WARNING,
    field: 'beneficiaries.type',
    message: 'The same household received the same benefit type from the project twice in one year',
    sql: (ctx) =>
      sql`select b.project_id, null::bigint as transaction_id, b.household_id, b.type || ':' || extract(year from b.date)::int as part,
          b.type || ' on ' || string_agg(b.date::text, ', ' order by b.date) as detail
        from benefits b where ${ctx.scope('b')}
        group by b.project_id, b.household_id, b.type, extract(year from b.date)
        having count(*) > 1`,
  },
  {
    code: 'MICROCREDIT_OVER_CAP',
    severity: IssueSeverity.ERROR,
    field: 'beneficiaries.amount',
    message: `Microcredit above ${FUND_LIMITS.microcreditCap} yuan for one household in one project`,
    sql: (ctx) =>
      sql`select ${perHousehold}, 'microcredit ' || sum(b.amount) || ' > ' || ${FUND_LIMITS.microcreditCap}::numeric as detail
        from benefits b where b.type = 'MICROCREDIT' and ${ctx.scope('b')}
        group by b.project_id, b.household_id
        having sum(b.amount) > ${FUND_LIMITS.microcreditCap}::numeric`,
  },
  {
    code: 'LOW_TARGETING',
    severity: IssueSeverity.WARNING,
    field: 'beneficiaries',
    message: `Under ${FUND_LIMITS.targetingPercent}% of the beneficiary households of a household-targeted project were registered poor`,
    // A household counts as registered poor when it is still registered and qualified on one of its benefit dates (as BENEFICIARY_NOT_POOR judges).
    sql: (ctx) =>
      sql`select x.project_id, null::bigint as transaction_id, null::int as household_id, null::text as part,
          x.poor || ' of ' || x.households || ' households registered poor' as detail
        from (select hh.project_id, count(*) as households, count(*) filter (where hh.poor) as poor
              from (select b.project_id, b.household_id, bool_or(b.eligible and h.status <> 'REMOVED') as poor
                    from (${judgedBenefits(ctx, 'TARGETING')}) b join households h on h.id = b.household_id
                    group by b.project_id, b.household_id) hh
              group by hh.project_id) x
        where x.poor * 100 < x.households * ${FUND_LIMITS.targetingPercent}::int`,
  },
];
