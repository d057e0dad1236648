/** Every BullMQ queue of the hub. Producers and workers name queues only through this enum. */
export enum QueueName {
  /** Housekeeping of the registry tables (planner statistics after bulk loads). */
  MAINTENANCE = 'maintenance',
}
