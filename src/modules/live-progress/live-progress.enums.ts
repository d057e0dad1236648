import { registerEnumType } from 'type-graphql';

/** Where a batch's reconciliation is, as far as its row tells. */
export enum BatchPhase {
  /** Records are being uploaded. */
  RECEIVING = 'RECEIVING',
  /** Sealed, waiting for a worker. */
  QUEUED = 'QUEUED',
  /** The first pass: every record's outcome by exact ID number (processedRecords still 0). */
  EXACT_MATCH = 'EXACT_MATCH',
  /** The second pass: PROBABLE matches, suggestions and the sector's discrepancy rules, chunk by chunk. */
  RULES = 'RULES',
  /** Every record processed; the batch's matches and cases are being handed on. */
  FINISHING = 'FINISHING',
  /** COMPLETED, FAILED or CANCELLED. */
  DONE = 'DONE',
}

registerEnumType(BatchPhase, { name: 'BatchPhase', description: 'Where a batch’s reconciliation is (batchProgress)' });
