import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { MikroORM } from '../src/db/orm';
import { Household } from '../src/modules/households/household.entity';
import { Member } from '../src/modules/members/member.entity';
import { MEMBER_COLUMNS, memberLine } from '../src/demo/copy-rows';
import { RegistryGenerator } from '../src/demo/registry-generator';
import type { SeedHousehold } from '../src/demo/registry-seed.types';
import { seedRegistry } from '../src/demo/registry-seed.service';
import type { BenchDatabase } from './bench-database';
import { fmt } from './bench-stats';

const TARGET_MEMBERS = 1_000_000;
const TARGET_SECONDS = 60;
const ORM_MEMBERS = 10_000;
const SEED = 2016;

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * `npm run seed` at one million members, beside two baselines measured in the
 * same run on the same database: the floor (COPY of the same member rows,
 * pre-generated, into an unlogged table without indexes) and the naive way
 * (MikroORM persist + flush, extrapolated from 10,000 members).
 */
export async function runSeedBench(db: BenchDatabase): Promise<string[]> {
  const households = householdsFor(TARGET_MEMBERS);
  // First, on the empty registry, and deleted after: the seeding below starts from nothing.
  const orm = await ormBaseline(db.orm);
  const seed = await seedRegistry(db.orm, { households, seed: SEED });
  const floor = await copyFloor(db.orm, seed.members);
  const seconds = seed.ms / 1000;
  const perMillion = (orm.ms / 1000) * (TARGET_MEMBERS / orm.members);
  return [
    `seed: ${int(seed.members)} members in ${fmt(seconds)} s (${int(seed.members / seconds)}/s) ` +
      `| baseline COPY floor ${int(floor.rows)} rows ${fmt(floor.ms / 1000)} s ` +
      `| baseline ORM flush ${int(orm.members)} members ${fmt(orm.ms / 1000)} s ≈ ${int(perMillion)} s per 1M`,
    `seed: with ${int(seed.households)} households and ${int(seed.events)} events, in batches of 50,000 households on 2 connections, every index, constraint and foreign key on`,
    `target: < ${TARGET_SECONDS} s for 1M members: ${seconds < TARGET_SECONDS * (seed.members / TARGET_MEMBERS) ? 'PASS' : 'FAIL'}`,
  ];
}

/** Households that make about `members` members with the bench's seed (the mean size, from a sample). */
function householdsFor(members: number): number {
  const sample = new RegistryGenerator({ seed: SEED });
  let n = 0;
  for (let i = 0; i < 20_000; i++) n += sample.next().members.length;
  return Math.round(members / (n / 20_000));
}

/** Households and members as entities, persisted one by one and flushed once: the ORM's own way. */
async function ormBaseline(orm: MikroORM): Promise<{ members: number; ms: number }> {
  const generator = new RegistryGenerator({ seed: SEED + 1 });
  const drafts: SeedHousehold[] = [];
  for (let members = 0; members < ORM_MEMBERS;) {
    const h = generator.next();
    drafts.push(h);
    members += h.members.length;
  }
  const em = orm.em.fork();
  const started = performance.now();
  let members = 0;
  drafts.forEach(({ members: people, faults: _faults, ...fields }, i) => {
    const h = Object.assign(new Household(), fields, { registryNo: `${fields.villageCode}B${i}` });
    em.persist(h);
    for (const { age: _age, ...person } of people) {
      em.persist(Object.assign(new Member(), person, { household: h, provinceCode: fields.provinceCode }));
      members++;
    }
  });
  await em.flush();
  const ms = performance.now() - started;
  await orm.em.getConnection().execute('delete from members; delete from households');
  return { members, ms };
}

/** COPY of `rows` pre-generated member rows (the seed's own) into an unlogged table without indexes. */
async function copyFloor(orm: MikroORM, rows: number): Promise<{ rows: number; ms: number }> {
  const generator = new RegistryGenerator({ seed: SEED });
  const chunks: Buffer[] = [];
  let chunk = '';
  for (let n = 0, h = 1; n < rows; h++) {
    const household = generator.next();
    for (const m of household.members) if (n < rows) chunk += memberLine(m, ++n, h, household.provinceCode);
    if (chunk.length > 256 * 1024 || n >= rows) {
      chunks.push(Buffer.from(chunk));
      chunk = '';
    }
  }
  const knex = orm.em.getConnection().getKnex();
  const client = (await knex.client.acquireConnection()) as Client;
  try {
    await client.query('create unlogged table members_copy_floor (like members including defaults)');
    const started = performance.now();
    await pipeline(Readable.from(chunks), client.query(copyFrom(`copy members_copy_floor (${MEMBER_COLUMNS}) from stdin`)));
    const ms = performance.now() - started;
    await client.query('drop table members_copy_floor');
    return { rows, ms };
  } finally {
    await knex.client.releaseConnection(client);
  }
}
