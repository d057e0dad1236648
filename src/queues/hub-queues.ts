import type { Queue } from 'bullmq';
import type { OutboxRelay } from './outbox.relay';

/** The producer side of the queues in the API process. */
export interface HubQueues {
  reconciliation: Queue;
  relay: OutboxRelay;
  /** Further queues shown on the dashboard. */
  others?: Queue[];
}
