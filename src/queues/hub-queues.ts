import type { Queue } from 'bullmq';
import type { OutboxRelay } from './outbox.relay';

/** The producer side of the queues in the API process. */
export interface HubQueues {
  reconciliation: Queue;
  relay: OutboxRelay;
  /** Data-quality checks; without it a requested check is recorded as FAILED (queue unavailable). */
  dataQuality?: Queue;
  /** Fund supervision runs; without it a requested run is recorded as FAILED (queue unavailable). */
  fundSupervision?: Queue;
  /** Further queues shown on the dashboard. */
  others?: Queue[];
}
