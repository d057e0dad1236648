export const PUSH_PROJECTS = `mutation($key: String!, $projects: [ProjectInput!]!) {
  pushProjects(idempotencyKey: $key, projects: $projects) {
    created updated unchanged rejected
    results { index projectNo outcome version errors { path code message } }
  } }`;

export const RECORD_TRANSACTIONS = `mutation($key: String!, $transactions: [FundTransactionInput!]!) {
  recordFundTransactions(idempotencyKey: $key, transactions: $transactions) {
    recorded rejected
    results { index reference outcome errors { path code message } }
  } }`;

export const RECORD_BENEFITS = `mutation($key: String!, $projectNo: String!, $benefits: [BenefitInput!]!) {
  recordBenefits(idempotencyKey: $key, projectNo: $projectNo, benefits: $benefits) {
    recorded unchanged rejected
    results { index registryNo outcome errors { path code message } }
  } }`;

type Errors = Array<{ path: string; code: string; message: string }>;

export interface ProjectPushBody {
  pushProjects: {
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    results: Array<{ index: number; projectNo: string; outcome: string; version: number | null; errors: Errors }>;
  };
}

export interface TransactionsBody {
  recordFundTransactions: { recorded: number; rejected: number; results: Array<{ index: number; reference: string; outcome: string; errors: Errors }> };
}

export interface BenefitsBody {
  recordBenefits: {
    recorded: number;
    unchanged: number;
    rejected: number;
    results: Array<{ index: number; registryNo: string; outcome: string; errors: Errors }>;
  };
}

/** The county every fixture project of province `p` is in. */
export const countyOf = (p: string) => `${p}0102`;

/** The project number of fixture project `n` of province `p`. */
export const projectNo = (p: string, n: number) => `${countyOf(p)}2016${String(n).padStart(4, '0')}`;

/** A valid project input of province `p` numbered `n`: an approved road in two villages of its county, announced, two budget lines. */
export function projectInput(p: string, n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const county = countyOf(p);
  return {
    projectNo: projectNo(p, n),
    name: `村道硬化 ${n}`,
    countyCode: county,
    villageCodes: [`${county}001001`, `${county}001002`],
    type: 'ROAD',
    implementingUnit: '县交通局',
    status: 'APPROVED',
    approvedOn: '2016-03-01',
    plannedStart: '2016-04-01',
    plannedEnd: '2016-10-31',
    targetsHouseholds: true,
    budget: [
      { source: 'CENTRAL_SPECIAL', amount: '800000.00' },
      { source: 'COUNTY', amount: '200000.50' },
    ],
    announcement: { publishedOn: '2016-03-10', place: '村务公开栏' },
    ...overrides,
  };
}

/** A transaction of fixture project `n` of province `p`. */
export function transaction(p: string, n: number, reference: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { projectNo: projectNo(p, n), kind: 'ALLOCATION', source: 'CENTRAL_SPECIAL', amount: '1000.00', date: '2016-05-01', reference, ...overrides };
}
