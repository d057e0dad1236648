import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { FundDimension } from '../fund-stats/fund-stats.enums';
import { fundStats } from '../fund-stats/fund-stats.repository';
import { fundScopeOf } from '../fund-stats/fund-stats.rules';
import { statsErrors } from './registry-stats.errors';
import { annualReportRows } from './registry-stats.repository';
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
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
  ) {}

  async report(year: number, provinceCode?: string | null): Promise<AnnualReport> {
    if (!Number.isInteger(year) || year < 1949 || year > 2100) throw statsErrors.BAD_YEAR();
    const rows = await annualReportRows(this.em, this.caller.scope, year, provinceCode);
    const total: AnnualReportRow = { provinceCode: null, newIdentifications: 0, exits: 0, returns: 0, removals: 0, membersAdded: 0, membersRemoved: 0 };
    for (const r of rows) for (const k of COUNTS) total[k] += r[k];
    // The year's funds as fundStats answers them for the year: budgets approved, money moved, households benefited in it.
    const query = { scope: fundScopeOf(this.caller), filter: { year, provinceCode: provinceCode ?? undefined } };
    const funds = await fundStats(this.em, { ...query, groupBy: [FundDimension.PROVINCE] });
    const [fundsTotal] = await fundStats(this.em, { ...query, groupBy: [] });
    return { year, provinces: rows, total, funds, fundsTotal };
  }
}
