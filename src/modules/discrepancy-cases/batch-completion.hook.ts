import type { EntityManager } from '@mikro-orm/postgresql';
import { recordBatchMatches } from '../matched-households/matched-households.repository';
import { openCasesForBatch } from './case-opening.repository';

/**
 * What a completed batch hands on, in the transaction that marks it
 * COMPLETED: its matches for the ministry to read, and its discrepancies as
 * cases for the provinces. Two set-based statements per batch.
 */
export async function onBatchReconciled(tem: EntityManager, batchId: string): Promise<void> {
  await recordBatchMatches(tem, batchId);
  await openCasesForBatch(tem, batchId);
}
