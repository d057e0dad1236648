import type { EntityManager } from '@mikro-orm/postgresql';
import { recordBatchMatches } from '../matched-households/matched-households.repository';
import { openCasesForBatch } from './case-opening.repository';
import { emitCasesOpened } from '../webhooks/webhook-events.repository';

/**
 * What a completed batch hands on, in the transaction that marks it
 * COMPLETED: its matches for the ministry to read, and its discrepancies as
 * cases for the provinces. Set-based statements over slices of the batch, none growing with it.
 */
export async function onBatchReconciled(tem: EntityManager, batchId: string, totalRecords: number): Promise<void> {
  await recordBatchMatches(tem, batchId, totalRecords);
  await openCasesForBatch(tem, batchId);
  await emitCasesOpened(tem, batchId);
}
