import { sealUntil } from '../support/audit-seal';
import { runSql, sql } from '../../src/db/sql';
import { randomBytes } from 'node:crypto';
import { QueueEvents, Worker } from 'bullmq';
import pino from 'pino';
import { MaintenanceJob, createMaintenanceProcessor } from '../../src/modules/registry-maintenance/registry-maintenance.jobs';
import { QueueName } from '../../src/queues/queue-names';
import { createQueue } from '../../src/queues/queue.factory';
import { createRedis } from '../../src/queues/redis.connection';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { readTestServices } from '../support/test-services';

describe('maintenance worker (real BullMQ on real Redis)', () => {
  let db: TestDatabase;
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const redisUrl = readTestServices().redisUrl;
  const connection = createRedis(redisUrl, 'worker');
  let worker: Worker;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = new Worker(QueueName.MAINTENANCE, createMaintenanceProcessor(db.orm, pino({ level: 'silent' })), { connection, prefix });
  });
  afterAll(async () => {
    await worker.close();
    const queue = createQueue(QueueName.MAINTENANCE, connection, { queuePrefix: prefix }, pino({ level: 'silent' }));
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
    await db.drop();
  });

  it('purges expired idempotency keys and keeps live ones', async () => {
    await runSql(
      db.orm.em.fork(),
      sql`insert into idempotency_keys (tenant_code, key, operation, request_hash, expires_at) values
       ('P52', 'old', 'pushHouseholds', 'h', now() - interval '1 hour'), ('P52', 'live', 'pushHouseholds', 'h', now() + interval '1 hour')`,
    );
    const producer = createRedis(redisUrl, 'producer');
    const listener = createRedis(redisUrl, 'worker');
    const queue = createQueue(QueueName.MAINTENANCE, producer, { queuePrefix: prefix }, pino({ level: 'silent' }));
    const events = new QueueEvents(QueueName.MAINTENANCE, { connection: listener, prefix });
    await events.waitUntilReady();
    const job = await queue.add(MaintenanceJob.PURGE_IDEMPOTENCY_KEYS, {});
    expect(await job.waitUntilFinished(events, 20_000)).toEqual({ purged: 1 });
    expect(await runSql(db.orm.em.fork(), sql`select key from idempotency_keys`)).toEqual([{ key: 'live' }]);
    const analyze = await queue.add(MaintenanceJob.ANALYZE_REGISTRY, { tables: ['households', 'members'] });
    expect(await analyze.waitUntilFinished(events, 20_000)).toEqual({ analyzed: ['households', 'members'] });
    // Audit rows are inserted unlinked; the seal job links those of ended transactions into the chain.
    await runSql(db.orm.em.fork(), sql`insert into audit_log (tenant_code, operation) values ('P52', 'households'), ('P53', 'households')`);
    const sealJob = async () => ((await (await queue.add(MaintenanceJob.SEAL_AUDIT_CHAIN, {})).waitUntilFinished(events, 20_000)) as { sealed: number }).sealed;
    expect(await sealUntil(sealJob, 2)).toBe(2);
    expect(await runSql(db.orm.em.fork(), sql`select count(*)::int as n from audit_chain`)).toEqual([{ n: 2 }]);
    await events.close();
    await queue.close();
    await Promise.all([producer.quit(), listener.quit()]);
  });
});
