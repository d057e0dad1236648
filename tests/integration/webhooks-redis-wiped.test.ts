import { PUSH, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';
import { CREATE_WEBHOOK, type DeliveryWorker, WebhookReceiver, startDeliveryWorker } from '../support/webhook-fixtures';
import { sweepLostDeliveries } from '../../src/modules/webhooks/webhook.jobs';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../src/modules/webhooks/webhook.settings';

/** Retries far apart, so the retry waits in Redis as a delayed job when Redis loses it. */
const SETTINGS = { ...DEFAULT_WEBHOOK_SETTINGS, allowHosts: ['127.0.0.1'], retryFirstMs: 600_000 };

describe('a webhook delivery waiting for its retry when Redis comes back empty', () => {
  let hub: TestHub;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);

  beforeAll(async () => {
    hub = await startTestHub({ webhookAllowHosts: ['127.0.0.1'] });
    receiver = new WebhookReceiver();
    await receiver.start();
    worker = await startDeliveryWorker(hub.db, hub.redisUrl, hub.queuePrefix, SETTINGS);
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.stop();
    await hub?.close();
  });

  it('is handed to the queue again by the sweep once overdue, and arrives once', async () => {
    receiver.answer = (path, nth) => (nth === 1 ? 500 : 204);
    const created = await hub.gql<{ createWebhook: { id: string; secret: string } }>('P52', CREATE_WEBHOOK, {
      url: `${receiver.url}/wiped`,
      events: ['household.changed'],
    });
    const hook = created.body.data!.createWebhook;
    expect((await hub.gql('P52', PUSH, { key: 'wiped', households: [householdInput('52', 7)] })).body.errors).toBeUndefined();
    const state = async () =>
      (
        await sql<{ id: string; status: string; attempts: number }>(`select id::text as id, status, attempts from webhook_deliveries where webhook_id = ?`, [
          hook.id,
        ])
      )[0];
    await waitFor('the first try to fail', async () => (await state())?.status === 'RETRYING');
    const { id } = await state();
    // Not yet overdue: the sweep leaves it to its delayed job.
    expect(await sweepLostDeliveries(worker.orm, worker.queue, SETTINGS)).toBe(0);
    // Redis comes back empty: the delayed retry is gone; then its due time passes.
    await worker.queue.obliterate({ force: true });
    expect(await worker.queue.getJob(id)).toBeUndefined();
    await sql(`update webhook_deliveries set next_attempt_at = now() - interval '2 minutes' where id = ?`, [id]);
    expect(await sweepLostDeliveries(worker.orm, worker.queue, SETTINGS)).toBe(1);
    await waitFor('the delivery', async () => (await state()).status === 'DELIVERED');
    expect(await state()).toEqual({ id, status: 'DELIVERED', attempts: 2 });
    const tries = receiver.verified('/wiped', hook.secret);
    expect(tries.map((t) => t.id)).toEqual([id, id]);
    expect(receiver.received.filter((r) => r.path === '/wiped').map((r) => r.answered)).toEqual([500, 204]);
    // Finished: a later sweep finds nothing to hand out.
    expect(await sweepLostDeliveries(worker.orm, worker.queue, SETTINGS)).toBe(0);
  });
});
