import type { UploadLimits } from './upload-limits';

/** Which limit refused an upload. */
export type GateRefusal = 'TENANT' | 'TOTAL';

/** Gives back what was taken; calling it again does nothing. */
export type Release = () => void;

/**
 * Slots of the uploads one process receives, per tenant and in all. Taking
 * one never waits: a client told to retry costs nothing, a queued one holds a socket.
 */
export class UploadGate {
  private total = 0;
  private readonly perTenant = new Map<string, number>();
  /** Turns at the database: spooled uploads wait here (their number bounded by the gate) instead of in the shared pool. */
  readonly copying: Semaphore;

  constructor(private readonly limits: Pick<UploadLimits, 'maxConcurrent' | 'maxPerTenant' | 'copyConnections'>) {
    this.copying = new Semaphore(limits.copyConnections);
  }

  enter(tenantCode: string): Release | GateRefusal {
    const held = this.perTenant.get(tenantCode) ?? 0;
    if (held >= this.limits.maxPerTenant) return 'TENANT';
    if (this.total >= this.limits.maxConcurrent) return 'TOTAL';
    this.total++;
    this.perTenant.set(tenantCode, held + 1);
    return once(() => {
      this.total--;
      const left = (this.perTenant.get(tenantCode) ?? 1) - 1;
      if (left > 0) this.perTenant.set(tenantCode, left);
      else this.perTenant.delete(tenantCode);
    });
  }
}

/** A counting semaphore whose waiters are served in order and leave the queue when their signal aborts. */
export class Semaphore {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  async acquire(signal: AbortSignal): Promise<Release> {
    signal.throwIfAborted();
    if (this.free > 0) {
      this.free--;
      return once(() => this.release());
    }
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(wake), 1);
        reject(signal.reason);
      };
      this.waiting.push(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return once(() => this.release());
  }

  private release(): void {
    // The turn passes straight to the next waiter, so a newcomer cannot overtake the queue.
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

function once(fn: () => void): Release {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
