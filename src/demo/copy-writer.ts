import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client, QueryResult } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import {
  EVENT_COLUMNS,
  HOUSEHOLD_COLUMNS,
  MEMBER_COLUMNS,
  eventLine,
  householdHistory,
  householdLine,
  householdVersion,
  memberLine,
} from './copy-rows';
import { IdNumberAllocator } from './id-allocator';
import type { SeedHousehold } from './registry-seed.types';

/** A generated batch with the ids reserved for its rows. */
export interface ReservedBatch {
  households: SeedHousehold[];
  firstHousehold: number;
  firstMember: number;
  firstEvent: number;
  members: number;
  events: number;
}

/** Characters per chunk written to a COPY stream: large enough that stream overhead vanishes. */
const CHUNK_CHARS = 256 * 1024;
/** Serialises the id reservations of concurrent seeders (any constant they agree on). */
const SEED_LOCK_KEY = 0x5eed_2016;

/**
 * Reserves contiguous ids in the three tables for `batch`, in one round trip:
 * moves each identity sequence past the batch (and past any id inserted
 * explicitly by someone else) under an advisory lock, so that rows carry
 * their ids and members their household's without a round trip per row.
 */
export async function reserveBatch(client: Client, households: SeedHousehold[]): Promise<ReservedBatch> {
  let members = 0;
  let events = 0;
  for (const h of households) {
    members += h.members.length;
    events += householdVersion(h);
  }
  // Counts are integers computed here, so inlining them is safe (a multi-statement query takes no parameters).
  const results = await inTransaction<{ h: string; m: string; e: string }>(
    client,
    `select pg_advisory_xact_lock(${SEED_LOCK_KEY});
     select ${reserveExpr('households', households.length)} as h, ${reserveExpr('members', members)} as m,
            ${reserveExpr('household_events', events)} as e`,
  );
  const row = results[2].rows[0];
  return { households, firstHousehold: Number(row.h), firstMember: Number(row.m), firstEvent: Number(row.e), members, events };
}

/**
 * Runs `statements` in one transaction and one round trip; rolls back on
 * failure, so the connection goes back to the pool clean.
 */
export async function inTransaction<R extends object = object>(client: Client, statements: string): Promise<QueryResult<R>[]> {
  try {
    return (await client.query(`begin; ${statements}; commit`)) as unknown as QueryResult<R>[];
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

function reserveExpr(table: string, count: number): string {
  const n = Math.max(1, count);
  return `(select setval(s.seq, greatest(coalesce(pg_sequence_last_value(s.seq), 0), (select coalesce(max(id), 0) from ${table})) + ${n}) - ${n} + 1
           from (select pg_get_serial_sequence('${table}', 'id')::regclass as seq) s)`;
}

/** One transaction: a COPY into each table, rows serialised while they stream. */
export async function writeBatch(client: Client, b: ReservedBatch): Promise<void> {
  await client.query('begin; set local statement_timeout = 0');
  try {
    await copyIn(client, `copy households (${HOUSEHOLD_COLUMNS}) from stdin`, householdChunks(b));
    await copyIn(client, `copy members (${MEMBER_COLUMNS}) from stdin`, memberChunks(b));
    await copyIn(client, `copy household_events (${EVENT_COLUMNS}) from stdin`, eventChunks(b));
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

async function copyIn(client: Client, sql: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), client.query(copyFrom(sql)));
}

function* householdChunks(b: ReservedBatch): Generator<string> {
  let chunk = '';
  for (let i = 0; i < b.households.length; i++) {
    chunk += householdLine(b.households[i], b.firstHousehold + i);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function* memberChunks(b: ReservedBatch): Generator<string> {
  let chunk = '';
  let id = b.firstMember;
  for (let i = 0; i < b.households.length; i++) {
    const h = b.households[i];
    for (const m of h.members) chunk += memberLine(m, id++, b.firstHousehold + i, h.provinceCode);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function* eventChunks(b: ReservedBatch): Generator<string> {
  let chunk = '';
  let id = b.firstEvent;
  for (let i = 0; i < b.households.length; i++) {
    const h = b.households[i];
    const history = householdHistory(h);
    for (let v = 0; v < history.length; v++) chunk += eventLine(id++, b.firstHousehold + i, h.provinceCode, history[v], v + 1);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * The ID numbers already in the registry, as far as they can collide with
 * generated ones: per (region, birth date) the highest sequence block,
 * aggregated by the server and streamed, so even a huge registry costs little memory.
 */
export async function loadIssuedIds(client: Client): Promise<IdNumberAllocator> {
  const ids = new IdNumberAllocator();
  const { rows } = await client.query<{ found: boolean }>('select exists (select 1 from members) as found');
  if (!rows[0].found) return ids;
  await client.query('begin; set local statement_timeout = 0');
  try {
    const stream = client.query(copyTo(
      `copy (select max(left(id_number, 16)) from members where id_number ~ '^[0-9]{16}' group by left(id_number, 14)) to stdout`,
    ));
    let rest = '';
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) ids.markUsed(line);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
  return ids;
}
