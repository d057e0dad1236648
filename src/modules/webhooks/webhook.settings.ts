/**
 * How webhooks are delivered: which hosts may be reached over plain http and at
 * private addresses, how long a receiver may take, and the retry schedule.
 */
export interface WebhookSettings {
  /** Host names or IP literals reachable over http and at private, loopback or link-local addresses. @defaultValue none */
  allowHosts: string[];
  /** Longest one delivery attempt may take, connection to last byte. @defaultValue `10000` ms */
  timeoutMs: number;
  /** Delay before the first retry; each further retry waits twice as long. @defaultValue `30000` ms */
  retryFirstMs: number;
  /** Time from the first attempt after which a delivery is given up and its endpoint disabled. @defaultValue `86400000` ms (24 h) */
  retrySpanMs: number;
  /** Deliveries one worker process sends at once. @defaultValue `20` */
  concurrency: number;
  /** How often pending deliveries are moved from the outbox to the queue. @defaultValue `250` ms */
  relayIntervalMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  allowHosts: [],
  timeoutMs: 10_000,
  retryFirstMs: 30_000,
  retrySpanMs: 24 * 3600 * 1000,
  concurrency: 20,
  relayIntervalMs: 250,
};
