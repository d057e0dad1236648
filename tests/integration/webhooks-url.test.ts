import { sendWebhook } from '../../src/modules/webhooks/webhook.sender';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CREATE_WEBHOOK, WebhookReceiver } from '../support/webhook-fixtures';

/**
 * URL safety without an allow-list: only https, and no host that is or
 * resolves to a loopback, private or link-local address; checked when the
 * endpoint is registered and again when a delivery connects.
 */
describe('webhook URLs without an allow-list', () => {
  let hub: TestHub;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    hub = await startTestHub();
    receiver = new WebhookReceiver();
    await receiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await hub?.close();
  });

  const refusal = async (url: string) => {
    const res = await hub.gql('P52', CREATE_WEBHOOK, { url, events: ['batch.completed'] });
    return res.body.errors?.[0].extensions;
  };

  it.each([
    ['https://127.0.0.1/hook', 'PRIVATE_ADDRESS'],
    ['https://localhost/hook', 'PRIVATE_ADDRESS'],
    ['https://[::1]/hook', 'PRIVATE_ADDRESS'],
    ['https://[::ffff:127.0.0.1]/hook', 'PRIVATE_ADDRESS'],
    ['https://10.1.2.3/hook', 'PRIVATE_ADDRESS'],
    ['https://192.168.0.10/hook', 'PRIVATE_ADDRESS'],
    ['https://169.254.169.254/latest/meta-data', 'PRIVATE_ADDRESS'],
    ['https://[fe80::1]/hook', 'PRIVATE_ADDRESS'],
    ['https://[fd00::1]/hook', 'PRIVATE_ADDRESS'],
    ['https://0.0.0.0/hook', 'PRIVATE_ADDRESS'],
    ['https://does-not-exist.invalid/hook', 'PRIVATE_ADDRESS'],
    ['http://127.0.0.1:8080/hook', 'SCHEME'],
    ['http://93.184.215.14/hook', 'SCHEME'],
    ['ftp://93.184.215.14/hook', 'SCHEME'],
    ['https://user:pw@93.184.215.14/hook', 'CREDENTIALS'],
    ['not a url', 'NOT_A_URL'],
  ])('refuses %s (%s)', async (url, reason) => {
    expect(await refusal(url)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'URL_REFUSED',
      refusal: reason,
      fields: [expect.objectContaining({ path: 'url' })],
    });
  });

  it('accepts a public https address (nothing is sent at registration)', async () => {
    const res = await hub.gql<{ createWebhook: { url: string; enabled: boolean } }>('P52', CREATE_WEBHOOK, {
      url: 'https://93.184.215.14/hooks/hub',
      events: ['batch.completed'],
    });
    expect(res.body.data?.createWebhook).toEqual(expect.objectContaining({ url: 'https://93.184.215.14/hooks/hub', enabled: true }));
  });

  it('refuses a delivery to 127.0.0.1 when it connects, unless the host is allow-listed', async () => {
    const req = { url: `${receiver.url}/direct`, body: '{}', headers: { 'content-type': 'application/json' }, timeoutMs: 2_000 };
    const refused = await sendWebhook({ ...req, allowHosts: [] });
    expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/address not allowed/) });
    expect(receiver.received).toHaveLength(0);
    const allowed = await sendWebhook({ ...req, allowHosts: ['127.0.0.1'] });
    expect(allowed).toMatchObject({ status: 200, body: 'ok', error: null });
    expect(receiver.received).toHaveLength(1);
  });
});
