import type { MikroORM } from '@mikro-orm/postgresql';
import type { Job, JobsOptions, Processor, Queue } from 'bullmq';
import { Webhook as Signer } from 'standardwebhooks';
import type { Logger } from '../../logging/logger';
import type { OutboxTopic } from '../../queues/outbox.relay';
import { startSweepTimer } from '../../queues/sweep-timer';
import {
  type AttemptRecord,
  DELIVERY_OUTBOX_TOPIC,
  type DeliveryTarget,
  cancelDelivery,
  disableWebhook,
  loadDelivery,
  overdueDeliveries,
  recordAttempt,
} from './webhook-delivery.repository';
import { payloadData, retryDelays } from './webhook.rules';
import { type SendResult, sendWebhook } from './webhook.sender';
import type { WebhookSettings } from './webhook.settings';
import { WebhookDeliveryStatus } from './webhook.types';

/** Job name of one delivery. */
export const DELIVER_JOB = 'deliver';
/** The backoff type whose delays the worker's backoffStrategy gives (retryDelays). */
const BACKOFF_TYPE = 'webhook';

/** Data of a delivery job: its id only; the endpoint, secret and payload stay in PostgreSQL. */
export interface DeliverWebhookData {
  deliveryId: string;
}

/** Attempts and retention of a delivery job: every retry of the schedule, then kept a while for the dashboard. */
function deliveryJobOptions(settings: Pick<WebhookSettings, 'retryFirstMs' | 'retrySpanMs'>, deliveryId: string): JobsOptions {
  return {
    jobId: deliveryId,
    attempts: retryDelays(settings.retryFirstMs, settings.retrySpanMs).length + 1,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** What the relay of the delivery topic publishes: each committed delivery becomes its job (job id = delivery id, so twice is once). */
export function webhookOutbox(queue: Queue, settings: Pick<WebhookSettings, 'retryFirstMs' | 'retrySpanMs'>): OutboxTopic {
  const job = (deliveryId: string) => ({
    name: DELIVER_JOB,
    data: { deliveryId } satisfies DeliverWebhookData,
    opts: deliveryJobOptions(settings, deliveryId),
  });
  return {
    topic: DELIVERY_OUTBOX_TOPIC,
    publish: (deliveryId) => queue.add(DELIVER_JOB, { deliveryId }, deliveryJobOptions(settings, deliveryId)),
    publishMany: (rows) => queue.addBulk(rows.map((r) => job(r.aggregateId))),
  };
}

/** How long past its due time an unfinished delivery waits before the sweep hands it to the queue again. */
export const LOST_DELIVERY_GRACE_SECONDS = 60;

/**
 * Redis is the queue, PostgreSQL the truth: an unfinished delivery overdue by the grace (its job lost with a Redis
 * that came back empty) becomes a job again, with the tries its schedule has left; where its job lives, adding is a no-op.
 */
export async function sweepLostDeliveries(
  orm: MikroORM,
  queue: Queue,
  settings: Pick<WebhookSettings, 'retryFirstMs' | 'retrySpanMs'>,
  graceSeconds = LOST_DELIVERY_GRACE_SECONDS,
): Promise<number> {
  const lost = await overdueDeliveries(orm.em.fork(), graceSeconds, 1000);
  const total = retryDelays(settings.retryFirstMs, settings.retrySpanMs).length + 1;
  const jobs = lost.map((d) => ({
    name: DELIVER_JOB,
    data: { deliveryId: d.id } satisfies DeliverWebhookData,
    opts: { ...deliveryJobOptions(settings, d.id), attempts: Math.max(1, total - d.attempts) },
  }));
  if (jobs.length) await queue.addBulk(jobs);
  return jobs.length;
}

/** The worker's backoff: the wait after attempt n is the n-th of retryDelays. */
export function webhookBackoff(settings: Pick<WebhookSettings, 'retryFirstMs' | 'retrySpanMs'>): (attemptsMade: number) => number {
  const delays = retryDelays(settings.retryFirstMs, settings.retrySpanMs);
  return (attemptsMade) => delays[Math.min(attemptsMade, delays.length) - 1] ?? delays[0];
}

/**
 * Sends one delivery per job: the payload as the receiver may see it, signed
 * per Standard Webhooks (webhook-id is the delivery id, the same on every
 * try), and records the attempt. A failed try throws, so BullMQ retries it
 * after the schedule's delay; the last one disables the endpoint instead.
 */
export function createWebhookProcessor(orm: MikroORM, log: Logger, settings: WebhookSettings): Processor<DeliverWebhookData> {
  const delays = retryDelays(settings.retryFirstMs, settings.retrySpanMs);
  return async (job: Job<DeliverWebhookData>) => {
    const em = orm.em.fork();
    const target = await loadDelivery(em, job.data.deliveryId);
    if (!target || isFinished(target.status)) return { end: 'skipped' };
    if (!target.enabled) {
      await cancelDelivery(em, target.id);
      return { end: 'cancelled' };
    }
    const startedAt = new Date();
    const sent = await send(target, settings);
    const ok = sent.status !== null && sent.status >= 200 && sent.status < 300;
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const nextAttemptAt = ok || last ? null : new Date(Date.now() + delays[Math.min(job.attemptsMade, delays.length - 1)]);
    const status = ok ? WebhookDeliveryStatus.DELIVERED : last ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.RETRYING;
    const attempt: AttemptRecord = { deliveryId: target.id, startedAt, ...outcome(sent), succeeded: ok, status, nextAttemptAt };
    await em.transactional(async (tem) => {
      await recordAttempt(tem, attempt);
      if (!ok && last) await disableWebhook(tem, target.webhookId, disabledReason(job.attemptsMade + 1, settings.retrySpanMs, sent));
    });
    if (ok) return { end: 'delivered' };
    log.info({ deliveryId: target.id, webhookId: target.webhookId, attempt: job.attemptsMade + 1, status: sent.status, last }, 'webhook delivery failed');
    if (last) return { end: 'failed' };
    throw new Error(failureText(sent));
  };
}

const isFinished = (s: WebhookDeliveryStatus) =>
  s === WebhookDeliveryStatus.DELIVERED || s === WebhookDeliveryStatus.FAILED || s === WebhookDeliveryStatus.CANCELLED;

/** Signs and POSTs the payload; a fresh timestamp per try, as the specification has it. */
function send(target: DeliveryTarget, settings: WebhookSettings): Promise<SendResult> {
  const now = new Date();
  const body = JSON.stringify({
    type: target.eventType,
    timestamp: new Date(target.eventAt).toISOString(),
    data: payloadData(target.eventType, target.eventData, target.receiver),
  });
  const signature = new Signer(target.secret).sign(target.id, now, body);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'poverty-hub-webhooks/1',
    'webhook-id': target.id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  };
  return sendWebhook({ url: target.url, body, headers, allowHosts: settings.allowHosts, timeoutMs: settings.timeoutMs });
}

function outcome(sent: SendResult): Pick<AttemptRecord, 'durationMs' | 'responseCode' | 'responseBody' | 'error'> {
  return { durationMs: sent.durationMs, responseCode: sent.status, responseBody: sent.body, error: sent.error };
}

const failureText = (sent: SendResult) => (sent.status !== null ? `receiver answered HTTP ${sent.status}` : (sent.error ?? 'no answer'));

function disabledReason(attempts: number, spanMs: number, sent: SendResult): string {
  const span = spanMs >= 3_600_000 ? `${Math.round(spanMs / 3_600_000)} h` : `${Math.round(spanMs / 1000)} s`;
  return `Delivery failed ${attempts} times over ${span}; last: ${failureText(sent)}`;
}

/** Runs the sweep of lost deliveries on a timer in the worker process. */
export function startDeliverySweep(orm: MikroORM, queue: Queue, settings: WebhookSettings, log: Logger, intervalMs: number): { stop(): void } {
  const sweep = async () => {
    const overdue = await sweepLostDeliveries(orm, queue, settings);
    if (overdue) log.info({ overdue }, 'overdue webhook deliveries handed to the queue again');
  };
  return { stop: startSweepTimer(sweep, intervalMs, log, 'webhook delivery sweep') };
}
