import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import type { ReadRouter } from '../db/read-router';
import type { AccessNote } from '../logging/access-note';
import type { Logger } from '../logging/logger';
import type { HubQueues } from '../queues/hub-queues';
import type { ProgressSignal } from '../queues/progress.publisher';
import type { ProgressFeed } from '../queues/progress.feed';
import type { HubLoaders } from './hub-loaders';
import type { LookupBudget } from './limits/lookup-budget';

/** What every resolver receives: who asks, a scoped EntityManager and this request's loaders. */
export interface HubContext {
  requestId: string;
  caller: Caller;
  em: EntityManager;
  /** Where queries may go instead of the primary; absent without DATABASE_READ_URL. */
  readRouter?: ReadRouter;
  /** Set when `em` is on the standby: the primary's, for the read's audit row (a standby is read-only). */
  primaryEm?: EntityManager;
  loaders: HubLoaders;
  log: Logger;
  /** The queues and the outbox relay; absent in a process without Redis producers. */
  queues?: HubQueues;
  /** Response paths the caller's data-sharing policy cut; listed in `extensions.redactedFields`. */
  redactedFields?: Set<string>;
  /** Work that must wait until the request's transaction has committed (queueing a job that reads what it wrote). */
  afterCommit: Array<() => Promise<void>>;
  /** The tenants' daily lookup budget; absent when it is off (and in the benchmark without protections). */
  lookupBudget?: LookupBudget;
  /** False only in the benchmark that measures what the protections cost (HubServerDeps.protections). */
  auditReads: boolean;
  /** Problems a dry run lists (DRY_RUN_MAX_PROBLEMS); the upload limits' default when absent. */
  dryRunMaxProblems?: number;
  /** Hosts webhooks may reach over http and at internal addresses (WEBHOOK_HTTP_ALLOW_HOSTS); none when absent. */
  webhookAllowHosts?: readonly string[];
  /** Where the operation's name and error codes are noted for the request's access-log line. */
  accessNote?: AccessNote;
  /** Live progress (subscriptions at /graphql/stream, and the signal a transition of the API sends); absent without Redis. */
  live?: LiveProgress;
}

/** The API process's side of live progress: its one feed, the ORM later states are read with, and its publisher. */
export interface LiveProgress {
  feed: ProgressFeed;
  orm: MikroORM;
  signal: ProgressSignal;
}
