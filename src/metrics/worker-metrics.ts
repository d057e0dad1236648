import type { Job, Queue, Worker } from 'bullmq';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type PoolUse, collectorFailures, createRegistry, registerPoolGauges } from './metric-registry';
import type { Backlog } from './ops-metrics.repository';

/** The jobs whose duration and throughput are measured. */
export type MeasuredJob = 'reconciliation' | 'data_quality';

/** What the worker's collect-on-scrape metrics read. */
export interface WorkerMetricSources {
  pool: () => PoolUse;
  queues: readonly Queue[];
  outbox: () => Promise<Backlog>;
  auditChain: () => Promise<Backlog>;
}

/** A job's time, from a second to a few hours (a batch of millions of records). */
const JOB_SECONDS_BUCKETS = [0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400];
const RECORDS_PER_SECOND_BUCKETS = [100, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000];

/**
 * The worker process's metric families (README "Metrics" lists them): job
 * durations and throughput observed as jobs end; queue depths, the outbox
 * backlog, the audit chain's link lag and the pool read on each scrape.
 */
export class WorkerMetrics {
  readonly registry: Registry = createRegistry();

  private readonly jobDuration = new Histogram({
    name: 'hub_job_duration_seconds',
    help: 'Time of one job attempt, from BullMQ handing it to the worker to its end, by job and outcome',
    labelNames: ['job', 'outcome'],
    buckets: JOB_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly throughput = new Histogram({
    name: 'hub_job_records_per_second',
    help: 'Records (batch records, or households in a data-quality run’s scope) per second of a job that went through them',
    labelNames: ['job'],
    buckets: RECORDS_PER_SECOND_BUCKETS,
    registers: [this.registry],
  });

  private readonly records = new Counter({
    name: 'hub_job_records_total',
    help: 'Records gone through by jobs that ended well (batch records; households in a data-quality run’s scope)',
    labelNames: ['job'],
    registers: [this.registry],
  });

  constructor(sources: WorkerMetricSources) {
    const collect = collectorFailures(this.registry);
    registerPoolGauges(this.registry, sources.pool);
    registerQueueGauges(this.registry, sources.queues, collect);
    registerBacklogGauges(this.registry, 'outbox', 'Outbox messages not yet published to their queue', sources.outbox, collect);
    registerBacklogGauges(
      this.registry,
      'audit_chain',
      'Audit rows not yet linked into the audit chain (sealed every few seconds)',
      sources.auditChain,
      collect,
    );
  }

  /**
   * Observes every attempt of `worker`'s jobs as it ends; `recordsOf` says how many
   * records a job that ended well went through (null: not one that counts).
   */
  watch(worker: Worker, job: MeasuredJob, recordsOf: (job: Job, result: unknown) => Promise<number | null>, onError: (err: unknown) => void): void {
    worker.on('completed', (done, result) => {
      const seconds = secondsOf(done);
      const outcome = String((result as { end?: unknown } | undefined)?.end ?? 'completed').toLowerCase();
      this.jobDuration.observe({ job, outcome }, seconds);
      void recordsOf(done, result).then((n) => {
        if (n === null || n <= 0) return;
        this.records.inc({ job }, n);
        if (seconds > 0) this.throughput.observe({ job }, n / seconds);
      }, onError);
    });
    worker.on('failed', (failed) => {
      if (failed) this.jobDuration.observe({ job, outcome: 'failed' }, secondsOf(failed));
    });
  }
}

/** The attempt's time by BullMQ's own stamps (when it was taken, when it ended). */
function secondsOf(job: Job): number {
  const end = job.finishedOn ?? Date.now();
  return job.processedOn ? Math.max(0, (end - job.processedOn) / 1000) : 0;
}

/**
 * Jobs of each queue by state, from BullMQ's getJobCounts on each scrape. BullMQ's
 * own exportPrometheusMetrics repeats its HELP and TYPE lines for each queue (one
 * scrape of several queues would not parse) and counts finished jobs only where
 * the queue keeps metrics, so the counts are read into a gauge of ours instead.
 */
function registerQueueGauges(registry: Registry, queues: readonly Queue[], collect: ReturnType<typeof collectorFailures>): void {
  new Gauge({
    name: 'hub_queue_jobs',
    help: 'BullMQ jobs of each queue by state (waiting, active, delayed, prioritized, waiting-children, paused, completed, failed)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await collect('queues', async () => {
        const counts = await Promise.all(queues.map((q) => q.getJobCounts()));
        queues.forEach((q, i) => {
          for (const [state, n] of Object.entries(counts[i])) this.set({ queue: q.name, state }, n);
        });
      });
    },
  });
}

/** `hub_<what>_pending_rows` and `hub_<what>_oldest_pending_age_seconds`, from one read per scrape. */
function registerBacklogGauges(
  registry: Registry,
  what: string,
  help: string,
  read: () => Promise<Backlog>,
  collect: ReturnType<typeof collectorFailures>,
): void {
  // prom-client collects a scrape's gauges at once: the two share the read in flight.
  let inFlight: Promise<Backlog> | null = null;
  const once = (): Promise<Backlog> => {
    if (!inFlight) {
      const p = read();
      inFlight = p;
      void p.catch(() => undefined).finally(() => setImmediate(() => (inFlight = null)));
    }
    return inFlight;
  };
  new Gauge({
    name: `hub_${what}_pending_rows`,
    help,
    registers: [registry],
    async collect() {
      // NaN, not a stale or zero backlog, when the database does not answer.
      this.set(NaN);
      await collect(what, async () => this.set((await once()).rows));
    },
  });
  new Gauge({
    name: `hub_${what}_oldest_pending_age_seconds`,
    help: `Age of the oldest of: ${help.charAt(0).toLowerCase()}${help.slice(1)} (0 when none)`,
    registers: [registry],
    async collect() {
      // A failed read is counted once, by the gauge above.
      await once().then(
        (b) => this.set(b.oldestSeconds),
        () => this.set(NaN),
      );
    },
  });
}
