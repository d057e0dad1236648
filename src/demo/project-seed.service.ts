import type { Client } from 'pg';
import type { MikroORM } from '../db/orm';
import { acquirePoolClients, poolMax } from '../db/pool-clients';
import { insertBenefitFaults, insertBenefits } from './benefit-seed.repository';
import { checkBatchKeys, rebuildFundSums, skipRowTriggers } from './bulk-load.repository';
import { insertLedger, insertLedgerFaults, insertReversals } from './ledger-seed.repository';
import { meansFor } from './project-catalog';
import { FundsFault, type PlantedFault, dealFaults } from './project-faults';
import {
  createHouseholdPools,
  dropHouseholdPools,
  exec,
  faultProjects,
  insertBudgetLines,
  insertProjectEvents,
  insertProjects,
  reserveProjectIds,
  vacuumProjects,
} from './project-seed.repository';
import type { ProjectBatch, ProjectSeedCounts, ProjectSeedRun } from './project-seed.types';
import { inSeedTransaction } from './registry-seed.repository';

/** Options of `seedProjects`. */
export interface SeedProjectsOptions {
  /** Projects to add to the county project libraries. */
  projects: number;
  /** Mean fund transactions a project over the run (PLANNED and APPROVED projects have none). @defaultValue `10` */
  transactionsPerProject?: number;
  /** Mean benefit rows a project over the run (only active household-targeted projects have any). @defaultValue `15` */
  benefitsPerProject?: number;
  /** Seed of every draw: the same seed, ids and registry give the same rows. @defaultValue `1` */
  seed?: number;
  /** Share of projects planted with each of the 12 FUNDS faults (one fault a project at most). @defaultValue `0.005` */
  faultRate?: number;
  /** `YYYY-MM-DD` the library is as of: in-progress work ends after it, older projects closed years before. @defaultValue today (UTC) */
  asOf?: string;
  /** Projects per transaction. @defaultValue `20000` */
  batchSize?: number;
  /** Connections writing batches side by side (capped by the pool). @defaultValue `2` */
  connections?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedProjectsResult extends ProjectSeedCounts {
  /** Every planted fault with the rows a supervision run should name; nothing else is faulty. */
  planted: PlantedFault[];
  firstProjectId: number;
  ms: number;
}

const DEFAULT_BATCH = 20_000;
/** Dates of the old projects run to 2022; an earlier as-of day would put them in its future. */
const EARLIEST_AS_OF = '2023-01-01';

/**
 * Adds synthetic projects with budget lines, announcements, a fund ledger and
 * benefits to the registered households of each project's county, set-based:
 * per batch of projects one transaction of a few INSERT ... SELECT statements
 * over generate_series (no row travels from Node). Planted FUNDS faults are
 * returned with their rows. The registry should be seeded first (benefits
 * draw on its households); the province tenants must exist.
 */
export async function seedProjects(orm: MikroORM, opts: SeedProjectsOptions): Promise<SeedProjectsResult> {
  const started = performance.now();
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  if (asOf < EARLIEST_AS_OF) throw new Error(`asOf must be ${EARLIEST_AS_OF} or later (the seeded projects run until 2022)`);
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH));
  const batches = Math.ceil(opts.projects / batchSize);
  const { clients, release } = await acquirePoolClients(orm, Math.max(1, Math.min(opts.connections ?? 2, poolMax(orm), batches)));
  try {
    const r = planRun(opts, asOf, await reserveProjectIds(clients[0], opts.projects));
    for (const c of clients) await createHouseholdPools(c);
    const totals: ProjectSeedCounts = { projects: 0, budgetLines: 0, events: 0, transactions: 0, reversals: 0, benefits: 0 };
    const planted: PlantedFault[] = [];
    let next = 0;
    const work = async (client: Client) => {
      while (next < batches) {
        const i = next++;
        const batch = { lo: r.first + i * batchSize, hi: r.first + Math.min(opts.projects, (i + 1) * batchSize) - 1 };
        const done = await writeBatch(client, r, batch);
        addCounts(totals, done.counts);
        planted.push(...done.planted);
        opts.onProgress?.(totals.projects, opts.projects);
      }
    };
    await Promise.all(clients.map(work));
    for (const c of clients) await dropHouseholdPools(c);
    await vacuumProjects(clients[0]);
    return { ...totals, planted: sortPlanted(planted), firstProjectId: r.first, ms: Math.round(performance.now() - started) };
  } finally {
    await release();
  }
}

function planRun(opts: SeedProjectsOptions, asOf: string, first: number): ProjectSeedRun {
  const seed = opts.seed ?? 1;
  const means = meansFor(opts.transactionsPerProject ?? 10, opts.benefitsPerProject ?? 15);
  const deal = dealFaults(opts.projects, opts.faultRate ?? 0.005, seed);
  return { seed, first, count: opts.projects, deal, asOf, pairsPerLine: means.pairsPerLine, beneficiaries: means.beneficiaries };
}

/**
 * One transaction: projects, events, budget lines, ledger, reversals, benefits, then the faults' own rows; on
 * the bulk path (bulk-load.repository) the batch's summed ledger and its key checks after them.
 */
async function writeBatch(client: Client, r: ProjectSeedRun, b: ProjectBatch): Promise<{ counts: ProjectSeedCounts; planted: PlantedFault[] }> {
  return inSeedTransaction(client, async () => {
    const bulk = await skipRowTriggers(client);
    const projects = await exec(client, insertProjects(r, b));
    const events = await exec(client, insertProjectEvents(b));
    const budgetLines = await exec(client, insertBudgetLines(r, b));
    let transactions = await exec(client, insertLedger(r, b));
    const ledgerFaults = await insertLedgerFaults(client, r, b);
    transactions += ledgerFaults.length;
    const reversals = await exec(client, insertReversals(r, b));
    const benefitFaults = await insertBenefitFaults(client, r, b);
    const benefits = (await exec(client, insertBenefits(r, b))) + benefitFaults.length;
    const planted = plantedOf(await faultProjects(client, r, b), ledgerFaults, benefitFaults);
    if (bulk) {
      await rebuildFundSums(client, b);
      await checkBatchKeys(client, b);
    }
    return { counts: { projects, budgetLines, events, transactions: transactions + reversals, reversals, benefits }, planted };
  });
}

const ON_PROJECT = new Set([FundsFault.IDLE_FUNDS, FundsFault.NOT_ANNOUNCED, FundsFault.OVERDUE]);
/** The ledger row each ledger fault is positioned on: the allocation that crossed the budget, the disbursement that should not be. */
const NAMED_KIND: Partial<Record<FundsFault, string>> = {
  [FundsFault.ALLOCATED_OVER_BUDGET]: 'ALLOCATION',
  [FundsFault.DISBURSED_OVER_ALLOCATED]: 'DISBURSEMENT',
  [FundsFault.DISBURSED_BEFORE_APPROVAL]: 'DISBURSEMENT',
};

function plantedOf(
  projects: Array<{ projectNo: string; fault: FundsFault }>,
  ledger: Array<{ projectNo: string; kind: string; reference: string; fault: FundsFault }>,
  benefits: Array<{ projectNo: string; registryNo: string; fault: FundsFault }>,
): PlantedFault[] {
  const out: PlantedFault[] = projects.filter((p) => ON_PROJECT.has(p.fault)).map((p) => ({ rule: p.fault, projectNo: p.projectNo }));
  for (const t of ledger) if (NAMED_KIND[t.fault] === t.kind) out.push({ rule: t.fault, projectNo: t.projectNo, reference: t.reference });
  const lowTargeting = new Set<string>();
  for (const b of benefits) {
    // A low-targeting project's beneficiaries are households that were not poor on the day: that rule's rows too.
    const rule = b.fault === FundsFault.LOW_TARGETING ? FundsFault.BENEFICIARY_NOT_POOR : b.fault;
    out.push({ rule, projectNo: b.projectNo, registryNo: b.registryNo });
    if (b.fault === FundsFault.LOW_TARGETING) lowTargeting.add(b.projectNo);
  }
  for (const projectNo of lowTargeting) out.push({ rule: FundsFault.LOW_TARGETING, projectNo });
  return out;
}

function addCounts(into: ProjectSeedCounts, add: ProjectSeedCounts): void {
  for (const k of Object.keys(into) as Array<keyof ProjectSeedCounts>) into[k] += add[k];
}

function sortPlanted(planted: PlantedFault[]): PlantedFault[] {
  const key = (p: PlantedFault) => `${p.rule}|${p.projectNo}|${p.reference ?? ''}|${p.registryNo ?? ''}`;
  return planted.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}
