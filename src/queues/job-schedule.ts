import type { Queue } from 'bullmq';

/** A repeating job: BullMQ keeps one scheduler per `id`, so upserting at every start never doubles it. */
export interface JobSchedule<D extends object = object> {
  id: string;
  /** Cron pattern with seconds. */
  pattern: string;
  /** Job name the processor dispatches on. */
  name: string;
  data: D;
}

/** Puts every schedule on its queue (idempotent). */
export async function upsertSchedules(queue: Queue, schedules: ReadonlyArray<JobSchedule>): Promise<void> {
  for (const s of schedules) await queue.upsertJobScheduler(s.id, { pattern: s.pattern }, { name: s.name, data: s.data });
}
