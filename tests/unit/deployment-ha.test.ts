import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const SECRETS = ['POSTGRES_PASSWORD', 'REPLICATION_PASSWORD', 'REWIND_PASSWORD', 'TOKEN_SECRET', 'DB_API_PASSWORD', 'DB_WORKER_PASSWORD'];
const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasCompose) console.warn('docker-compose.ha.yml config check skipped: docker-compose is not installed');

interface Service {
  environment?: Record<string, string>;
  healthcheck?: unknown;
  restart?: string;
  command?: string[] | string;
}

/** `docker-compose -f docker-compose.ha.yml config` with `env` (the secrets .env gives): its exit, output and errors. */
function composeConfig(env: Record<string, string>) {
  const run = spawnSync('docker-compose', ['-f', 'docker-compose.ha.yml', '--project-directory', ROOT, 'config'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

(hasCompose ? describe : describe.skip)('docker-compose.ha.yml', () => {
  const secrets = Object.fromEntries(SECRETS.map((s) => [s, `x${s.toLowerCase()}`]));

  it('is valid for docker-compose config, and refuses to render without its secrets', () => {
    expect(composeConfig(secrets)).toMatchObject({ status: 0 });
    const missing = composeConfig({ ...secrets, REWIND_PASSWORD: '' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('REWIND_PASSWORD');
  });

  it('wires three etcd, two Patroni nodes, Redis with a replica and three sentinels, the API on the standby and the worker', () => {
    const { services } = parse(composeConfig(secrets).stdout) as { services: Record<string, Service> };
    for (const name of ['etcd1', 'etcd2', 'etcd3', 'pg1', 'pg2', 'redis-master', 'redis-replica', 'sentinel1', 'sentinel2', 'sentinel3', 'api', 'worker']) {
      expect([name, services[name]?.restart, Boolean(services[name]?.healthcheck)]).toEqual([name, 'unless-stopped', true]);
    }
    expect(services.pg1.environment?.PATRONI_ETCD3_HOSTS).toBe('etcd1:2379,etcd2:2379,etcd3:2379');
    expect(services.api.environment?.API_DATABASE_URL).toMatch(/@pg1:5432,pg2:5432\/hub\?target_session_attrs=read-write$/);
    expect(services.api.environment?.DATABASE_READ_URL).toMatch(/@pg1:5432,pg2:5432\/hub\?target_session_attrs=prefer-standby$/);
    expect(services.worker.environment?.WORKER_DATABASE_URL).toMatch(/target_session_attrs=read-write$/);
    for (const name of ['api', 'worker']) expect(services[name].environment?.REDIS_SENTINELS).toBe('sentinel1:26379,sentinel2:26379,sentinel3:26379');
    expect(services['redis-replica'].command).toEqual(expect.arrayContaining(['--replicaof', 'redis-master']));
    // The API and the worker never hold the owner's password; only the migration does.
    expect(Object.keys(services.api.environment ?? {})).not.toContain('DATABASE_URL');
    expect(services.migrate.environment?.DATABASE_URL).toContain('target_session_attrs=read-write');
  });

  it('runs Patroni in synchronous mode, failing over at once from a crashed primary, as the local pair does', () => {
    const patroni = parse(readFileSync(path.join(ROOT, 'deploy/patroni/patroni.yml'), 'utf8')) as {
      bootstrap: { dcs: { synchronous_mode: boolean; primary_start_timeout: number; postgresql: { parameters: Record<string, string> } } };
    };
    expect(patroni.bootstrap.dcs).toMatchObject({ synchronous_mode: true, primary_start_timeout: 0 });
    expect(patroni.bootstrap.dcs.postgresql.parameters.synchronous_commit).toBe('on');
  });
});
