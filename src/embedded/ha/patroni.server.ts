import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../logging/logger';
import { findBinary, ownedDir, runAs, spawnServer, stopServer } from './ha-process';

/** The superuser and replication logins of the local pair (development only, like the embedded server's). */
export const HA_SUPERUSER = { username: 'postgres', password: 'postgres' };
const REPLICATION = { username: 'replicator', password: 'replicator-dev-password' };
const REWIND = { username: 'rewinder', password: 'rewinder-dev-password' };

export interface PatroniNodeOptions {
  name: string;
  dir: string;
  pgPort: number;
  restPort: number;
  etcd: string;
  log: Logger;
}

/** Where Debian keeps PostgreSQL 15 (the version Patroni's Debian package runs with). */
export const PG15_BIN = '/usr/lib/postgresql/15/bin';

/** PostgreSQL settings Patroni keeps in etcd for both nodes. */
const DCS_PARAMETERS = {
  synchronous_commit: 'on',
  wal_level: 'replica',
  hot_standby: 'on',
  wal_log_hints: 'on',
  max_wal_senders: 10,
  max_replication_slots: 10,
  max_connections: 200,
  shared_buffers: '256MB',
  max_wal_size: '2GB',
  hot_standby_feedback: 'on',
};

/**
 * Patroni's configuration (YAML is a superset of JSON). synchronous_mode with
 * synchronous_commit=on: a commit is acknowledged once the standby has it too.
 * Short TTL and loop so that a failover on one machine takes seconds.
 */
function patroniConfig(o: PatroniNodeOptions, dataDir: string): object {
  return {
    scope: 'hub',
    name: o.name,
    restapi: { listen: `127.0.0.1:${o.restPort}`, connect_address: `127.0.0.1:${o.restPort}` },
    etcd3: { hosts: o.etcd },
    bootstrap: {
      dcs: {
        ttl: 10,
        loop_wait: 1,
        retry_timeout: 4,
        maximum_lag_on_failover: 16 * 1024 * 1024,
        // A crashed primary fails over to the synchronous standby at once rather than recovering in place for 5 min.
        primary_start_timeout: 0,
        synchronous_mode: true,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: DCS_PARAMETERS,
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, 'data-checksums'],
    },
    postgresql: {
      listen: `127.0.0.1:${o.pgPort}`,
      connect_address: `127.0.0.1:${o.pgPort}`,
      data_dir: dataDir,
      bin_dir: PG15_BIN,
      pgpass: path.join(o.dir, `${o.name}.pgpass`),
      authentication: { superuser: HA_SUPERUSER, replication: REPLICATION, rewind: REWIND },
      parameters: { unix_socket_directories: o.dir },
      pg_hba: [`host replication ${REPLICATION.username} 127.0.0.1/32 scram-sha-256`, 'host all all 127.0.0.1/32 scram-sha-256', 'local all all trust'],
    },
    log: { level: 'WARNING' },
  };
}

/** One Patroni-managed PostgreSQL 15 node. */
export class PatroniNode {
  private child: ChildProcess | null = null;
  readonly restUrl: string;
  private readonly configFile: string;

  constructor(private readonly o: PatroniNodeOptions) {
    this.restUrl = `http://127.0.0.1:${o.restPort}`;
    ownedDir(o.dir);
    this.configFile = path.join(o.dir, `${o.name}.yml`);
    writeFileSync(this.configFile, JSON.stringify(patroniConfig(o, path.join(o.dir, o.name)), null, 2), { mode: 0o600 });
    const user = runAs();
    if (user) chownSync(this.configFile, user.uid, user.gid);
  }

  get pgPort(): number {
    return this.o.pgPort;
  }

  start(): void {
    const bin = findBinary('patroni', ['/usr/bin/patroni']);
    if (!bin) throw new Error('patroni not found: install Debian’s patroni');
    this.child = spawnServer(`patroni-${this.o.name}`, bin, [this.configFile], this.o.log, { HOME: this.o.dir });
  }

  /** GET on Patroni's REST API: 200 from /primary on the leader, /replica on a running standby, /sync on the synchronous one. */
  async answers(role: 'primary' | 'replica' | 'sync' | 'health'): Promise<boolean> {
    const res = await fetch(`${this.restUrl}/${role}`, { signal: AbortSignal.timeout(1000) }).catch(() => null);
    return res?.status === 200;
  }

  /** kill -9 of this node's postmaster only (fault tests): Patroni stays, sees the crash and fails over. */
  killPostgres(): void {
    const pid = this.postmasterFilePid();
    if (!pid) throw new Error(`${this.o.name} has no postmaster.pid: PostgreSQL is not running`);
    process.kill(pid, 'SIGKILL');
  }

  private postmasterFilePid(): number | null {
    const pidFile = path.join(this.o.dir, this.o.name, 'postmaster.pid');
    return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : null;
  }

  /** The node lost at once (fault tests): kill -9 of its PostgreSQL and of Patroni, so no one restarts it in place. */
  async kill(): Promise<void> {
    // The postmaster's own pid file: Patroni's REST answer may be late or gone.
    const pid = this.postmasterFilePid();
    this.child?.kill('SIGKILL');
    if (pid) process.kill(pid, 'SIGKILL');
    this.child = null;
  }

  /** Stops Patroni, which stops its PostgreSQL (fast shutdown) first; a postmaster Patroni no longer runs (killed node) is killed. */
  async stop(): Promise<void> {
    if (this.child) await stopServer(this.child, 30_000);
    this.child = null;
    const orphan = this.postmasterFilePid();
    // Left running, it would hold the node's port for the next start (what once kept a pair from electing).
    if (orphan && runs(orphan, path.join(this.o.dir, this.o.name))) process.kill(orphan, 'SIGKILL');
  }
}

/** Whether `pid` is still the postmaster of `dataDir` (a stale pid file's number may belong to another process now). */
function runs(pid: number, dataDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir);
  } catch {
    return false;
  }
}
