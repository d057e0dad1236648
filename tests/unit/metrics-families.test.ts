import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiMetrics } from '../../src/metrics/api-metrics';
import { OperationNames, routeLabel, statusClass, tenantKindLabel } from '../../src/metrics/metric-labels';
import { WorkerMetrics } from '../../src/metrics/worker-metrics';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The hub's own families a process registers (the sources are never read: nothing is scraped here). */
function families(): Set<string> {
  const unread = () => {
    throw new Error('not read without a scrape');
  };
  const api = new ApiMetrics();
  api.watchPool(unread);
  const worker = new WorkerMetrics({ pool: unread, queues: [], outbox: unread, auditChain: unread });
  const names = [...api.registry.getMetricsAsArray(), ...worker.registry.getMetricsAsArray()].map((m) => m.name);
  return new Set(names.filter((n) => n.startsWith('hub_')));
}

describe('the metric families, the dashboard and the README', () => {
  const registered = families();

  it('registers each family the README lists, with Prometheus units and _total counters', () => {
    expect(registered.size).toBeGreaterThanOrEqual(15);
    const readme = read('README.md');
    for (const name of registered) {
      expect(readme).toContain(`\`${name}\``);
      expect(name).toMatch(/_(seconds|total|rows|connections|jobs|per_second)$/);
    }
  });

  it('draws the dashboard only from registered families, and shows every one of them', () => {
    const dashboard = JSON.parse(read('deploy/grafana/hub-dashboard.json')) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\bhub_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, ''))));
    for (const name of used) expect(registered).toContain(name);
    for (const name of registered) expect(used).toContain(name);
  });

  it('scrapes the API and the worker under the job names the dashboard selects', () => {
    const prometheus = read('deploy/prometheus.yml');
    expect(prometheus).toMatch(/job_name: hub-api\n[\s\S]*targets: \['api:4000'\]/);
    expect(prometheus).toMatch(/job_name: hub-worker\n[\s\S]*targets: \['worker:4001'\]/);
    expect(read('deploy/grafana/hub-dashboard.json')).toContain('"query": "hub-api"');
  });
});

describe('metric labels', () => {
  it('caps operation names and keeps digits runs out', () => {
    const names = new OperationNames(2);
    expect([names.label(undefined), names.label('A'), names.label('q520102197001010013'), names.label('B'), names.label('C'), names.label('A')]).toEqual([
      'anonymous',
      'A',
      'other',
      'B',
      'other',
      'A',
    ]);
    expect(names.label('with space')).toBe('other');
  });

  it('labels routes by pattern and values in mount paths as :id', () => {
    expect(routeLabel('', '/batches/:id/records')).toBe('/batches/:id/records');
    expect(routeLabel('/graphql', undefined)).toBe('/graphql');
    expect(routeLabel('/exports/batches/4b1c7c1e-2a4f-4d55-9a55-0d4f0b6e2a11', '/records')).toBe('/exports/batches/:id/records');
    expect(routeLabel(undefined, undefined)).toBe('unmatched');
    expect([statusClass(204), statusClass(429), statusClass(503)]).toEqual(['2xx', '4xx', '5xx']);
    expect([tenantKindLabel('ADMIN'), tenantKindLabel('PROVINCE'), tenantKindLabel('MINISTRY'), tenantKindLabel(undefined)]).toEqual([
      'LGOP',
      'PROVINCE',
      'MINISTRY',
      'none',
    ]);
  });
});
