import { startTestHub, type TestHub } from '../support/test-hub';

describe('the queue dashboard is read-only', () => {
  let hub: TestHub;
  let lgop: string;
  const api = (method: string, path: string) =>
    fetch(`${hub.url}/admin/queues/api${path}`, {
      method,
      headers: { authorization: `Bearer ${lgop}`, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });

  beforeAll(async () => {
    hub = await startTestHub();
    lgop = await hub.token('LGOP');
  });
  afterAll(() => hub.close());

  it('shows the queues to LGOP, flagged read-only', async () => {
    const res = await api('GET', '/queues');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(body.queues.map((q) => [q.name, q.readOnlyMode])).toEqual([['reconciliation', true]]);
  });

  it('refuses the retry, remove and clean calls, and the job stays', async () => {
    const job = await hub.reconciliation.add('probe', { batchId: 'none' }, { jobId: 'board-probe', delay: 60_000 });
    const name = hub.reconciliation.name;
    for (const [method, path] of [
      ['PUT', `/queues/${name}/${job.id}/retry`],
      ['PUT', `/queues/${name}/${job.id}/clean`],
      ['PUT', `/queues/${name}/${job.id}/promote`],
      ['PUT', `/queues/${name}/retry/failed`],
      ['PUT', `/queues/${name}/clean/delayed`],
      ['PUT', `/queues/${name}/empty`],
      ['PUT', '/queues/pause'],
      ['POST', `/queues/${name}/add`],
    ]) {
      const res = await api(method, path);
      expect([path, res.status]).toEqual([path, 405]);
    }
    expect(await hub.reconciliation.getJobState('board-probe')).toBe('delayed');
    expect(await hub.reconciliation.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 1 });
    expect(await hub.reconciliation.isPaused()).toBe(false);
  });

  it('still refuses another tenant before saying it is read-only', async () => {
    const res = await fetch(`${hub.url}/admin/queues/api/queues/pause`, { method: 'PUT', headers: { authorization: `Bearer ${await hub.token('P52')}` } });
    expect(res.status).toBe(403);
  });
});
