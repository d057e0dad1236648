import type { MikroORM } from '@mikro-orm/postgresql';
import type { ReadRoutingConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import { currentWalLsn, hasReplayed, replayLagSeconds } from './replication.repository';

/** How the standby stood at its last check: `lagging` and `down` send every read to the primary. */
export type StandbyState = 'up' | 'lagging' | 'down';

const CHECK_EVERY_MS = 1_000;
const CHECK_TIMEOUT_MS = 1_000;

/**
 * Chooses where a read-only operation runs: the standby while it is up and
 * close behind, else the primary. Read-your-writes: after a tenant's write, the
 * primary's WAL position is kept for `readYourWritesMs`; that tenant's reads wait
 * (at most `replayWaitMs`) for the standby to replay it, or go to the primary.
 */
export class ReadRouter {
  private state: StandbyState = 'down';
  private timer: NodeJS.Timeout | null = null;
  private readonly writes = new Map<string, { lsn: string; until: number }>();

  constructor(
    readonly primary: MikroORM,
    readonly standby: MikroORM,
    private readonly settings: ReadRoutingConfig,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
  ) {}

  /** Checks the standby now and every second after. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get standbyState(): StandbyState {
    return this.state;
  }

  /** Remembers where the primary's WAL stood after `tenant`'s commit (called before its answer leaves). */
  async noteWrite(tenant: string): Promise<void> {
    const lsn = await currentWalLsn(this.primary.em.fork());
    this.writes.set(tenant, { lsn, until: Date.now() + this.settings.readYourWritesMs });
  }

  /** The ORM `tenant`'s next read-only operation should run on. */
  async readOrm(tenant: string): Promise<MikroORM> {
    if (this.state !== 'up') return this.primary;
    const write = this.writes.get(tenant);
    if (!write) return this.standby;
    if (write.until < Date.now()) {
      this.writes.delete(tenant);
      return this.standby;
    }
    const deadline = Date.now() + this.settings.replayWaitMs;
    for (;;) {
      if (await hasReplayed(this.standby.em.fork(), write.lsn).catch(() => false)) return this.standby;
      if (Date.now() >= deadline) return this.primary;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Marks the standby down at once (a read on it failed): reads go to the primary until the next check says otherwise. */
  markDown(): void {
    this.state = 'down';
  }

  private async check(): Promise<void> {
    const before = this.state;
    const lag = await withTimeout(replayLagSeconds(this.standby.em.fork()), CHECK_TIMEOUT_MS).catch(() => undefined);
    // null: the read pool reached a primary (no standby ran when it connected): reads use the primary's own pool, and the
    // read pool is emptied so that its next connection looks for a standby again.
    if (lag === null)
      await this.standby
        .close(true)
        .then(() => this.standby.connect())
        .catch(() => undefined);
    this.state = lag === undefined || lag === null ? 'down' : lag > this.settings.maxLagSeconds ? 'lagging' : 'up';
    if (this.state !== before) this.log[this.state === 'up' ? 'info' : 'warn']({ standby: this.state }, 'read standby state changed');
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
