/** Every BullMQ queue of the hub. Producers and workers name queues only through this enum. */
export enum QueueName {
  /** One job per sector batch; the job id is the batch id. */
  RECONCILIATION = 'reconciliation',
  /** Housekeeping: planner statistics, expired idempotency keys. */
  MAINTENANCE = 'maintenance',
  /** Data-quality checks: one job per run (the job id is the run id), plus scheduled checks. */
  DATA_QUALITY = 'data-quality',
  /** Fund supervision runs (the FUNDS rules): one job per run (the job id is the run id), plus the nightly run. */
  FUND_SUPERVISION = 'fund-supervision',
  /** Webhook deliveries: one job per (endpoint, event), the job id is the delivery id; retries are the job's own. */
  WEBHOOK_DELIVERY = 'webhook-delivery',
}
