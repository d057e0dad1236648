import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger';
import { PUSH, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const INFO = 30;
const WARN = 40;
const ERROR = 50;

describe('access log and error levels', () => {
  let hub: TestHub;
  const chunks: string[] = [];
  const lines = (): LogLine[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  const accessLines = () => lines().filter((l) => l.msg === 'request');
  const household = householdInput('52', 1);

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    hub = await startTestHub({ log: createLogger({ logLevel: 'debug' }, 'api', sink) });
  });
  afterAll(() => hub.close());

  it('writes one line per request with its id, tenant, operation, status and duration', async () => {
    const push = await hub.gql('P52', PUSH.replace('mutation(', 'mutation PushOne('), { key: 'k-1', households: [household] });
    expect(push.status).toBe(200);
    await hub.gql('P52', 'query ReadPage { households(first: 5) { edges { node { registryNo members { name idNumber } } } } }');
    const ok = accessLines().filter((l) => l.status === 200);
    expect(ok).toHaveLength(2);
    expect(ok.map((l) => l.operation)).toEqual(['PushOne', 'ReadPage']);
    for (const line of ok) {
      expect(line).toMatchObject({ level: INFO, tenant: 'P52', req: { method: 'POST', path: '/graphql' } });
      expect(line.requestId).toMatch(/^test-[0-9a-f]{12}$/);
      expect(typeof line.durationMs).toBe('number');
    }
  });

  it('logs a validation error below error level, without a stack or the input it quotes', async () => {
    const id = household.members[0].idNumber as string;
    const res = await hub.gql('P52', `query BadPage { households(first: "${id}") { edges { cursor } } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const access = accessLines().find((l) => l.operation === 'BadPage');
    expect(access).toMatchObject({ level: WARN, status: 400, tenant: 'P52', errorCodes: ['BAD_USER_INPUT'] });
    const client = lines().filter((l) => l.msg === 'client error');
    expect(client).toEqual([expect.objectContaining({ level: INFO, code: 'BAD_USER_INPUT', cause: 'GRAPHQL_VALIDATION_FAILED' })]);
    expect(lines().filter((l) => l.level >= ERROR)).toEqual([]);
    expect(chunks.join('')).not.toMatch(/stack|unexpected error/);
  });

  it('keeps the query string of an address out of the line', async () => {
    const id = household.members[1].idNumber as string;
    const res = await fetch(`${hub.url}/healthz?idNumber=${id}`, { headers: { 'x-request-id': 'probe-0123456789' } });
    expect(res.status).toBe(200);
    expect(accessLines().find((l) => l.requestId === 'probe-0123456789')).toMatchObject({ level: 20, status: 200, req: { path: '/healthz' } });
  });

  it('logs an unexpected failure at error level with its stack, once', async () => {
    const conn = hub.db.orm.em.getConnection();
    await conn.execute('alter table households rename to households_gone');
    try {
      const res = await hub.gql('P52', 'query Broken { households(first: 1) { edges { cursor } } }');
      expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL');
    } finally {
      await conn.execute('alter table households_gone rename to households');
    }
    const errors = lines().filter((l) => l.level >= ERROR);
    expect(errors.map((l) => l.msg).sort()).toEqual(['request', 'unexpected error']);
    expect(errors.find((l) => l.msg === 'unexpected error')).toMatchObject({ err: { stack: expect.any(String) } });
    expect(errors.find((l) => l.msg === 'request')).toMatchObject({ operation: 'Broken', errorCodes: ['INTERNAL'] });
  });

  it('wrote exactly one line for each of the five requests, and holds none of the pushed ID numbers or names', () => {
    const ids = accessLines().map((l) => l.requestId);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    const text = chunks.join('');
    for (const m of household.members) {
      expect(text).not.toContain(m.idNumber as string);
      expect(text).not.toContain(m.name as string);
    }
  });
});
