import type { MikroORM } from '@mikro-orm/postgresql';
import { TokenService } from '../../src/auth/token.service';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { fillBatch } from './big-batch';
import { onNode } from './ha-pair';
import { PUSH } from './push-fixtures';
import { TEST_SECRET } from './test-hub';

export interface GqlAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

const tokens = new TokenService({ tokenSecret: TEST_SECRET, tokenTtlSeconds: 3600 });

/** POST /graphql as `tenant`; null when the request itself failed (connection refused or reset). */
export async function haGql(apiUrl: string, tenant: string, query: string, variables?: Record<string, unknown>): Promise<GqlAnswer | null> {
  const res = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.sign(tenant)}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  }).catch(() => null);
  return res ? ((await res.json().catch(() => null)) as GqlAnswer | null) : null;
}

/** The village the fault tests push into: no fixture of the registry or the batches shares it. */
export const pushVillage = (p: string) => `${p}0102009001`;

/**
 * Household `n` of province `p`: three members whose ID numbers are unique up to
 * n = 30,000 (a sequence and a year per thousand) and born on a 2x day, which no
 * record of the fault tests' batches carries (theirs are born on a 1x day).
 */
export function pushedHousehold(p: string, n: number) {
  const county = `${p}0102`;
  const year = (base: number) => String(base + Math.floor(n / 1000)).padStart(4, '0');
  const seq = n % 1000;
  return {
    registryNo: `${pushVillage(p)}${String(n).padStart(6, '0')}`,
    villageCode: pushVillage(p),
    status: 'POOR',
    identifiedYear: 2015,
    primaryCause: 'ILLNESS',
    annualIncomePerCapita: 2100.5,
    housingSafe: true,
    drinkingWaterSafe: true,
    members: [
      { idNumber: buildIdNumber(county, `${year(1940)}-01-21`, seq), name: `王${n}`, relationship: 'HEAD', health: 'HEALTHY' },
      { idNumber: buildIdNumber(county, `${year(1940)}-02-22`, seq), name: `刘${n}`, relationship: 'SPOUSE', health: 'HEALTHY' },
      { idNumber: buildIdNumber(county, `${year(1980)}-03-23`, seq), name: `王小${n}`, relationship: 'CHILD', health: 'HEALTHY', inSchool: true },
    ],
  };
}

export const PUSH_SIZE = 10;

/** What a stream of pushes saw: registry numbers acknowledged, error codes met, pushes retried. */
export interface PushLog {
  acknowledged: Set<string>;
  codes: Set<string>;
  retried: number;
  pushes: number;
}

/**
 * Pushes of `PUSH_SIZE` households from province `p` until `stopped()`: a push that failed
 * is sent again with the same idempotency key until it is acknowledged, as a province's
 * client does, so in the end every household sent is acknowledged exactly once.
 */
export async function pushStream(apiUrl: string, p: string, log: PushLog, stopped: () => boolean): Promise<void> {
  for (let n = 0; !stopped(); n++) {
    const households = Array.from({ length: PUSH_SIZE }, (_, i) => pushedHousehold(p, n * PUSH_SIZE + i));
    for (let attempt = 0; ; attempt++) {
      const res = await haGql(apiUrl, `P${p}`, PUSH, { key: `ha-${p}-${n}`, households });
      const summary = res?.data?.pushHouseholds as { created: number; unchanged: number; rejected: number } | undefined;
      if (summary) {
        if (summary.rejected) throw new Error(`push ${p}-${n} rejected households: ${JSON.stringify(res)}`);
        for (const h of households) log.acknowledged.add(h.registryNo);
        log.pushes++;
        break;
      }
      for (const e of res?.errors ?? []) log.codes.add(e.extensions?.code ?? `none: ${e.message}`);
      if (!res) log.codes.add('connection');
      log.retried++;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Households of the pushed villages on one node, with their member counts. */
export async function pushedOn(port: number, provinces: string[]): Promise<Map<string, number>> {
  const villages = provinces.map((p) => `'${pushVillage(p)}'`).join(',');
  const rows = await onNode<{ registry_no: string; members: number }>(
    port,
    `select h.registry_no, count(m.id)::int as members from households h left join members m on m.household_id = h.id
     where h.village_code in (${villages}) group by h.registry_no`,
  );
  return new Map(rows.map((r) => [r.registry_no, r.members]));
}

/** A MINIMUM_LIVING batch of MCA's with `n` records (a third of them `members`), sealed for the worker; its id. */
export async function sealedBatch(apiUrl: string, orm: MikroORM, members: string[], n: number): Promise<string> {
  const made = await haGql(apiUrl, 'MCA', `mutation($k: String!) { createSectorBatch(idempotencyKey: $k, sector: MINIMUM_LIVING, period: "2020") { id } }`, {
    k: `ha-${Math.random()}`,
  });
  const id = (made?.data?.createSectorBatch as { id: string } | undefined)?.id;
  if (!id) throw new Error(JSON.stringify(made));
  await fillBatch(orm, id, members, n);
  const sealed = await haGql(apiUrl, 'MCA', `mutation($id: ID!) { sealSectorBatch(id: $id) { status } }`, { id });
  if (!sealed?.data) throw new Error(JSON.stringify(sealed));
  return id;
}

/** A batch's counts on one node (what a clean run and a faulted one must share). */
export async function batchCounts(port: number, id: string): Promise<Record<string, unknown>> {
  const rows = await onNode<Record<string, unknown>>(
    port,
    `select status, total_records, processed_records, matched, probable, unmatched, invalid, discrepancies,
       (select count(*)::int from batch_records r where r.batch_id = b.id) as outcome_rows,
       (select count(*)::int from discrepancies d where d.batch_id = b.id) as discrepancy_rows
     from sector_batches b where id = '${id}'`,
  );
  return rows[0];
}
