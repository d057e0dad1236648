import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { EVENT_COLUMNS, HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, eventLine, householdHistory, householdLine, householdVersion, memberLine } from './copy-rows';
import { IdNumberAllocator } from './id-allocator';
import { ISSUED_ID_PREFIXES_COMMAND, copyInCommand, hasMembers, inSeedTransaction, reserveIds } from './registry-seed.repository';
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
  const row = await reserveIds(client, { households: households.length, members, household_events: events });
  return { households, firstHousehold: Number(row.h), firstMember: Number(row.m), firstEvent: Number(row.e), members, events };
}

/** One transaction: a COPY into each table, rows serialised while they stream. */
export async function writeBatch(client: Client, b: ReservedBatch): Promise<void> {
  await inSeedTransaction(client, async () => {
    await copyIn(client, copyInCommand('households', HOUSEHOLD_COLUMNS), householdChunks(b));
    await copyIn(client, copyInCommand('members', MEMBER_COLUMNS), memberChunks(b));
    await copyIn(client, copyInCommand('household_events', EVENT_COLUMNS), eventChunks(b));
  });
}

async function copyIn(client: Client, command: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), client.query(copyFrom(command)));
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
  if (!(await hasMembers(client))) return ids;
  await inSeedTransaction(client, async () => {
    const stream = client.query(copyTo(ISSUED_ID_PREFIXES_COMMAND));
    let rest = '';
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) ids.markUsed(line);
    }
  });
  return ids;
}
