import path from 'node:path';
import pino from 'pino';
import { startEmbeddedRedis, type RunningRedis } from '../../src/embedded/embedded-redis.server';
import { PUSH, householdInput } from '../support/push-fixtures';
import { freePort } from '../support/free-port';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';
import { CREATE_WEBHOOK, type DeliveryWorker, WebhookReceiver, startDeliveryWorker } from '../support/webhook-fixtures';

describe('a webhook event committed while Redis is down', () => {
  let hub: TestHub;
  let redis: RunningRedis | undefined;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;
  let port: number;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);

  beforeAll(async () => {
    port = await freePort();
    const redisUrl = `redis://127.0.0.1:${port}`;
    hub = await startTestHub({ redisUrl, webhookAllowHosts: ['127.0.0.1'] });
    receiver = new WebhookReceiver();
    await receiver.start();
    worker = await startDeliveryWorker(hub.db, redisUrl, hub.queuePrefix, { allowHosts: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.stop();
    await hub?.close();
    await redis?.stop();
  });

  it('waits in the outbox and is delivered once Redis is back', async () => {
    const created = await hub.gql<{ createWebhook: { id: string; secret: string } }>('P52', CREATE_WEBHOOK, {
      url: `${receiver.url}/late`,
      events: ['household.changed'],
    });
    const hook = created.body.data!.createWebhook;
    const res = await hub.gql('P52', PUSH, { key: 'while-down', households: [householdInput('52', 1)] });
    expect(res.body.errors).toBeUndefined();
    // The delivery and its outbox row committed with the household; relay rounds fail meanwhile and leave the row pending.
    const pending = async () =>
      sql<{ published: boolean }>(
        `select o.published_at is not null as published from outbox o join webhook_deliveries d on d.id::text = o.aggregate_id where d.webhook_id = ?`,
        [hook.id],
      );
    await new Promise((r) => setTimeout(r, 700));
    expect(await pending()).toEqual([{ published: false }]);
    expect(receiver.received).toHaveLength(0);

    redis = await startEmbeddedRedis({ dir: path.resolve(__dirname, `../../.data/test/redis-webhooks-${port}`), port, log: pino({ level: 'silent' }) });
    const [msg] = await waitFor('the delivery', async () => receiver.received.length > 0 && receiver.verified('/late', hook.secret), 60_000);
    expect(msg).toMatchObject({ type: 'household.changed', data: { registryNo: householdInput('52', 1).registryNo } });
    expect(await pending()).toEqual([{ published: true }]);
    // The worker records the attempt once the receiver has answered.
    const delivered = async () =>
      (
        await sql<{ status: string; attempts: number }>(`select status, attempts from webhook_deliveries where webhook_id = ? and status = 'DELIVERED'`, [
          hook.id,
        ])
      )[0];
    expect(await waitFor('the attempt recorded', delivered)).toEqual({ status: 'DELIVERED', attempts: 1 });
  });
});
