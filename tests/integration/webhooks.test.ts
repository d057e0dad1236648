import { PUSH, householdInput } from '../support/push-fixtures';
import { submitAndRun } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';
import { CREATE_WEBHOOK, DELIVERIES, type DeliveryNode, type DeliveryWorker, WebhookReceiver, startDeliveryWorker } from '../support/webhook-fixtures';

/**
 * Webhooks end to end: endpoints registered through GraphQL, events written
 * with the changes, fanned out, relayed, signed and POSTed by the delivery
 * worker to a real local receiver, which checks each signature with the
 * standardwebhooks library's own verifier.
 */
describe('webhooks', () => {
  let hub: TestHub;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;
  // Retries 200, 400 and 400 ms apart: four attempts over a "day" of one second.
  const settings = { retryFirstMs: 200, retrySpanMs: 1_000, timeoutMs: 800, allowHosts: ['127.0.0.1'] };

  type Created = { createWebhook: { id: string; secret: string; tenantCode: string; enabled: boolean } };
  const create = async (tenant: string, path: string, events: string[]) => {
    const res = await hub.gql<Created>(tenant, CREATE_WEBHOOK, { url: `${receiver.url}${path}`, events });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.createWebhook;
  };
  const deliveries = async (tenant: string, id: string) => {
    const res = await hub.gql<{ webhookDeliveries: { edges: Array<{ node: DeliveryNode }> } }>(tenant, DELIVERIES, { id });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.webhookDeliveries.edges.map((e) => e.node);
  };
  const settled = (tenant: string, id: string, n: number) =>
    waitFor(`${n} settled deliveries`, async () => {
      const list = await deliveries(tenant, id);
      return list.length >= n && list.every((d) => ['DELIVERED', 'FAILED', 'CANCELLED'].includes(d.status)) && list;
    });
  let pushes = 0;
  const push = async (tenant: string, households: unknown[]) => {
    const res = await hub.gql(tenant, PUSH, { key: `k${++pushes}`, households });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  };

  beforeAll(async () => {
    hub = await startTestHub({ webhookAllowHosts: ['127.0.0.1'] });
    receiver = new WebhookReceiver();
    await receiver.start();
    worker = await startDeliveryWorker(hub.db, hub.redisUrl, hub.queuePrefix, settings);
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.stop();
    await hub?.close();
  });

  it('delivers a change signed per Standard Webhooks, verified by the library’s verifier, and lists the attempt', async () => {
    const hook = await create('P52', '/p52', ['household.changed']);
    expect(hook.secret).toMatch(/^whsec_/);
    await push('P52', [householdInput('52', 1)]);
    const [d] = await settled('P52', hook.id, 1);
    const [msg] = receiver.verified('/p52', hook.secret);
    expect(msg).toMatchObject({
      id: d.id,
      type: 'household.changed',
      data: { registryNo: householdInput('52', 1).registryNo, provinceCode: '52', version: 1 },
    });
    expect(d).toMatchObject({ eventType: 'household.changed', status: 'DELIVERED', attemptCount: 1, lastResponseCode: 200, nextAttemptAt: null });
    expect(d.attempts).toEqual([expect.objectContaining({ attemptNo: 1, succeeded: true, responseCode: 200, responseBody: 'ok', error: null })]);
    // A wrong secret does not verify: the check above is a real one.
    expect(() => receiver.verified('/p52', 'whsec_' + Buffer.alloc(32, 1).toString('base64'))).toThrow();
  });

  it('retries after 500s with the same webhook-id, keeping the first KB of each answer and the next try', async () => {
    receiver.answer = (path, nth) => (path === '/flaky' && nth <= 2 ? 500 : 200);
    const hook = await create('P52', '/flaky', ['household.changed']);
    await push('P52', [householdInput('52', 2)]);
    const [d] = await settled('P52', hook.id, 1);
    expect(d.status).toBe('DELIVERED');
    expect(d.attempts.map((a) => [a.attemptNo, a.responseCode, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(d.attempts[0].nextAttemptAt).not.toBeNull();
    expect(Buffer.byteLength(d.attempts[0].responseBody!)).toBe(1024);
    const ids = receiver.received.filter((r) => r.path === '/flaky').map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([d.id, d.id, d.id]);
    expect(receiver.verified('/flaky', hook.secret)).toHaveLength(3);
  });

  it('retries after a timeout', async () => {
    receiver.answer = (path, nth) => (path === '/slow' && nth === 1 ? { holdMs: 2_500 } : 200);
    const hook = await create('P52', '/slow', ['household.changed']);
    await push('P52', [householdInput('52', 3)]);
    const [d] = await settled('P52', hook.id, 1);
    expect(d.status).toBe('DELIVERED');
    expect(d.attempts.map((a) => [a.succeeded, a.responseCode])).toEqual([
      [false, null],
      [true, 200],
    ]);
    expect(d.attempts[0].error).toMatch(/timeout/);
  });

  it('gives a delivery up after the retry span and disables the endpoint with a reason', async () => {
    receiver.answer = (path) => (path === '/down' ? 503 : 200);
    const hook = await create('P52', '/down', ['household.changed']);
    await push('P52', [householdInput('52', 4)]);
    const [d] = await settled('P52', hook.id, 1);
    expect(d.status).toBe('FAILED');
    expect(d.attempts.map((a) => a.responseCode)).toEqual([503, 503, 503, 503]);
    expect(d.attempts[3].nextAttemptAt).toBeNull();
    const list = await hub.gql<{ webhooks: { edges: Array<{ node: { id: string; enabled: boolean; disabledReason: string | null } }> } }>(
      'P52',
      `{ webhooks { edges { node { id enabled disabledReason } } } }`,
    );
    const node = list.body.data!.webhooks.edges.find((e) => e.node.id === hook.id)!.node;
    expect(node.enabled).toBe(false);
    expect(node.disabledReason).toMatch(/failed 4 times.*HTTP 503/);
    // Disabled: later events are not fanned out to it.
    await push('P52', [{ ...householdInput('52', 4), housingSafe: false }]);
    expect(await deliveries('P52', hook.id)).toHaveLength(1);
    receiver.answer = () => 200;
  });

  it('sends a ministry only its batches’ events and the household fields its policy grants', async () => {
    const moe = await create('MOE', '/moe', ['household.changed', 'batch.completed']);
    const lgop = await create('LGOP', '/lgop', ['household.changed']);
    const p53 = await create('P53', '/p53', ['household.changed']);
    const h = householdInput('52', 5);
    await push('P52', [h]);
    const head = h.members[0] as { idNumber: string; name: string };
    const batchId = await submitAndRun(hub, 'MOE', 'EDUCATION', [{ idNumber: head.idNumber, name: head.name, attributes: { enrolled: true } }]);
    // The batch matched the household: its next change goes to MOE too.
    await push('P52', [{ ...h, drinkingWaterSafe: false }]);
    await settled('MOE', moe.id, 2);
    const got = receiver.verified('/moe', moe.secret);
    expect(got.find((m) => m.type === 'batch.completed')?.data).toMatchObject({ batchId, status: 'COMPLETED', matched: 1 });
    // At least once: a try the worker timed out may have reached the receiver too; one event is one webhook-id.
    const changed = got.filter((m) => m.type === 'household.changed');
    expect(new Set(changed.map((m) => m.id)).size).toBe(1);
    // MOE's policy: provinceCode, countyCode, villageCode, status, primaryCause; never the registry number or version.
    expect(Object.keys(changed[0].data).sort()).toEqual(['countyCode', 'householdId', 'primaryCause', 'provinceCode', 'status', 'villageCode']);
    expect(changed[0].data).not.toHaveProperty('registryNo');
    // LGOP receives every change whole; another province none of them.
    await settled('LGOP', lgop.id, 2);
    expect(receiver.verified('/lgop', lgop.secret).every((m) => m.data.registryNo === h.registryNo)).toBe(true);
    expect(await deliveries('P53', p53.id)).toEqual([]);
  });

  it('keeps tenants apart: lists, deliveries and deletes', async () => {
    const p53 = await create('P53', '/p53b', ['project.changed']);
    const list = async (tenant: string) =>
      (
        await hub.gql<{ webhooks: { edges: Array<{ node: { tenantCode: string; secret: string | null } }> } }>(
          tenant,
          `{ webhooks { edges { node { tenantCode secret } } } }`,
        )
      ).body.data!.webhooks.edges.map((e) => e.node);
    expect(new Set((await list('P52')).map((w) => w.tenantCode))).toEqual(new Set(['P52']));
    expect(new Set((await list('LGOP')).map((w) => w.tenantCode))).toEqual(new Set(['P52', 'P53', 'MOE', 'LGOP']));
    expect((await list('LGOP')).every((w) => w.secret === null)).toBe(true);
    const foreign = await hub.gql('P52', DELIVERIES, { id: p53.id });
    expect(foreign.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const del = (tenant: string) => hub.gql<{ deleteWebhook: boolean }>(tenant, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: p53.id });
    expect((await del('P52')).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await del('P53')).body.data?.deleteWebhook).toBe(true);
    expect((await list('P53')).length).toBe(1);
  });

  it('refuses unknown events and malformed secrets, naming the argument', async () => {
    const bad = await hub.gql('P52', CREATE_WEBHOOK, { url: `${receiver.url}/x`, events: ['household.deleted'] });
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'events' })] });
    const secret = await hub.gql('P52', CREATE_WEBHOOK, { url: `${receiver.url}/x`, events: ['batch.failed'], secret: 'hunter2' });
    expect(secret.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'secret' })] });
  });
});
