import { availableParallelism, tmpdir } from 'node:os';

/**
 * What streamed uploads (`PUT /batches/{id}/records`) may take of one API
 * process. A body is received into a spool file, costing a socket and disk,
 * and only then written to the database on one of a few connections of its own.
 */
export interface UploadLimits {
  /** Uploads received at once by the process; more are answered 429. @defaultValue `8` */
  maxConcurrent: number;
  /** Uploads one tenant has in progress at once in the process; more are answered 429. @defaultValue `2` */
  maxPerTenant: number;
  /** Pooled database connections that spooled uploads are written through at once (the others wait their turn). @defaultValue `2` */
  copyConnections: number;
  /** Slowest body accepted, in bytes per second over each `rateWindowMs`; 0 turns the floor off. @defaultValue `16384` */
  minBytesPerSecond: number;
  /** Window over which the transfer rate is measured. @defaultValue `30000` ms */
  rateWindowMs: number;
  /** Longest an upload may take from its start to its commit. @defaultValue `3600000` ms (1 hour) */
  deadlineMs: number;
  /**
   * Threads that parse, normalise and encode uploaded rows for COPY, shared by the process's uploads; 0 does it on the
   * API's own thread. @defaultValue one less than the cores, at least 1 and at most 4
   */
  encoderThreads: number;
  /** Folder of the spool files (one per upload in progress, removed when it ends). @defaultValue the OS temp folder */
  spoolDir: string;
  /** Problems a dry run lists with their lines (all are counted). @defaultValue `100` */
  dryRunMaxProblems: number;
}

export const DEFAULT_UPLOAD_LIMITS: Readonly<UploadLimits> = {
  maxConcurrent: 8,
  maxPerTenant: 2,
  copyConnections: 2,
  minBytesPerSecond: 16 * 1024,
  rateWindowMs: 30_000,
  deadlineMs: 3_600_000,
  encoderThreads: Math.min(4, Math.max(1, availableParallelism() - 1)),
  spoolDir: tmpdir(),
  dryRunMaxProblems: 100,
};
