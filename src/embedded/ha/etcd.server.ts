import path from 'node:path';
import type { Logger } from '../../logging/logger';
import { findBinary, ownedDir, spawnServer, stopServer, waitUntil } from './ha-process';

export interface RunningEtcd {
  /** host:port of the client API (Patroni's `etcd3.hosts`). */
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts Debian's etcd (one member: the local pair's DCS; a real deployment runs three, see docker-compose.ha.yml). */
export async function startEtcd(opts: { dir: string; clientPort: number; peerPort: number; log: Logger }): Promise<RunningEtcd> {
  const bin = findBinary('etcd', ['/usr/bin/etcd']);
  if (!bin) throw new Error('etcd not found: install Debian’s etcd-server');
  const dataDir = ownedDir(path.join(opts.dir, 'etcd'));
  const client = `http://127.0.0.1:${opts.clientPort}`;
  const peer = `http://127.0.0.1:${opts.peerPort}`;
  const child = spawnServer(
    'etcd',
    bin,
    [
      '--name=hub-etcd',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=hub-etcd=${peer}`,
      '--initial-cluster-state=new',
      '--log-level=warn',
    ],
    opts.log,
  );
  await waitUntil('etcd did not answer', async () => (await fetch(`${client}/health`)).ok, 20_000, child);
  return { endpoint: `127.0.0.1:${opts.clientPort}`, stop: () => stopServer(child) };
}
