import type { Logger } from '../logging/logger';

/** How long a graceful stop may take before the process exits anyway. */
export const FORCE_EXIT_MS = 30_000;

/**
 * Runs `stop` once on SIGTERM or SIGINT (in-flight work finishes first), then
 * exits; a second signal or a stuck stop exits at once.
 */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping');
    setTimeout(() => process.exit(1), FORCE_EXIT_MS).unref();
    stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
