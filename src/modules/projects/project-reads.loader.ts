import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { HouseholdRow } from '../households/household.row';
import type { ProjectFunds, ProjectSourceFunds } from './project-reads.types';
import { type ProjectScope, findBeneficiaryPages, findFunds, findTransactionPages } from './project-reads.repository';
import type { FundsRow, TransactionRow } from './project-reads.row';

/** One page of one project's relation: the project, and the page's size and cursor (already checked). */
export interface RelationPageKey {
  projectId: number;
  limit: number;
  afterId: number | null;
}

export interface ProjectReadLoaders {
  funds: DataLoader<number, ProjectFunds>;
  /** Each key's rows, `limit + 1` at most (the extra one says there is a next page). */
  transactions: DataLoader<RelationPageKey, TransactionRow[], string>;
  beneficiaries: DataLoader<RelationPageKey, HouseholdRow[], string>;
}

/** What the loaders need of the request: its transaction, the caller's scope and what happens to households read. */
export interface ProjectReadDeps {
  em: EntityManager;
  scope: () => Promise<ProjectScope>;
  /** Audits (and for a ministry cuts) the beneficiary households of a batch before they are handed out. */
  households: (rows: HouseholdRow[]) => Promise<HouseholdRow[]>;
}

const pageKey = (k: RelationPageKey) => `${k.projectId}:${k.limit}:${k.afterId ?? ''}`;

/** Groups keys by page size and cursor: keys alike share one statement (all of a page's projects, as a rule). */
function byPage(keys: readonly RelationPageKey[]): Map<string, { limit: number; afterId: number | null; ids: number[] }> {
  const groups = new Map<string, { limit: number; afterId: number | null; ids: number[] }>();
  for (const k of keys) {
    const g = `${k.limit}:${k.afterId ?? ''}`;
    if (!groups.has(g)) groups.set(g, { limit: k.limit, afterId: k.afterId, ids: [] });
    groups.get(g)!.ids.push(k.projectId);
  }
  return groups;
}

/** Pages of a relation for many projects: one statement per distinct (size, cursor), rows handed back per key. */
function pageLoader<T extends { projectId: number }, U>(
  read: (ids: number[], afterId: number | null, limit: number) => Promise<T[]>,
  shape: (rows: T[]) => Promise<U[]>,
): DataLoader<RelationPageKey, U[], string> {
  return new DataLoader<RelationPageKey, U[], string>(
    async (keys) => {
      const found = new Map<string, T[]>();
      for (const g of byPage(keys).values()) {
        for (const row of await read(g.ids, g.afterId, g.limit + 1)) {
          const key = pageKey({ projectId: row.projectId, limit: g.limit, afterId: g.afterId });
          const rows = found.get(key);
          if (rows) rows.push(row);
          else found.set(key, [row]);
        }
      }
      const shaped = await shape(keys.flatMap((k) => found.get(pageKey(k)) ?? []));
      let at = 0;
      return keys.map((k) => {
        const n = found.get(pageKey(k))?.length ?? 0;
        at += n;
        return shaped.slice(at - n, at);
      });
    },
    { cacheKeyFn: pageKey, maxBatchSize: 1000 },
  );
}

/** Funds rows of one project into the ProjectFunds answer: the total row first, then a row per source. */
function toFunds(rows: FundsRow[]): ProjectFunds {
  const [total, ...sources] = rows;
  const { projectId: _p, source: _s, ...totals } = total;
  return { ...totals, bySource: sources.map(({ projectId: _id, ...s }) => s as ProjectSourceFunds) };
}

/** Per-request loaders of the project relations: a statement per relation per page, whatever its size. */
export function createProjectReadLoaders(deps: ProjectReadDeps): ProjectReadLoaders {
  const { em, scope } = deps;
  return {
    funds: new DataLoader<number, ProjectFunds>(
      async (ids) => {
        const rows = await findFunds(em, await scope(), ids);
        const byProject = new Map<number, FundsRow[]>();
        for (const r of rows) {
          const mine = byProject.get(r.projectId);
          if (mine) mine.push(r);
          else byProject.set(r.projectId, [r]);
        }
        return ids.map((id) => {
          const mine = byProject.get(id);
          return mine ? toFunds(mine) : new Error(`funds of project ${id} are outside the caller's scope`);
        });
      },
      { maxBatchSize: 1000 },
    ),
    transactions: pageLoader(
      async (ids, afterId, limit) => findTransactionPages(em, await scope(), ids, afterId, limit),
      async (rows) => rows,
    ),
    beneficiaries: pageLoader(
      async (ids, afterId, limit) => findBeneficiaryPages(em, await scope(), ids, afterId, limit),
      (rows) => deps.households(rows),
    ),
  };
}
