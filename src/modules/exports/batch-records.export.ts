import type { HubContext } from '../../graphql/hub-context';
import { HubError } from '../../graphql/hub-error';
import { ContractErrorCode } from '../../graphql/error-code';
import { BatchReadsService } from '../sector-batches/batch-reads.service';
import { MatchOutcome } from '../sector-batches/sector-batch.enums';
import { RECORD_READ_FACTS, recordsQuery } from '../sector-batches/sector-records.repository';
import type { ExportPlan } from './export-plan';
import type { ParamKind } from './export-params';

export const BATCH_RECORDS_PARAMS: Record<string, ParamKind> = { outcome: { enum: MatchOutcome } };

/**
 * `GET /exports/batches/{id}/records`, the twin of `batchRecords(batchId, outcome)`: a batch
 * of the caller's (LGOP: any), NOT_FOUND otherwise; audited as the twin, by the ID numbers of
 * the records that matched a registered member.
 */
export async function batchRecordsPlan(ctx: HubContext, batchId: string, outcome: MatchOutcome | undefined): Promise<ExportPlan> {
  const batch = await new BatchReadsService(ctx.em).get(batchId);
  if (!batch) throw new HubError(ContractErrorCode.NOT_FOUND, 'No such batch of yours');
  return {
    name: 'batchRecords',
    rows: recordsQuery(batch.id, outcome),
    columns: [{ key: 'rowNo', kind: 'number' }, { key: 'idNumber' }, { key: 'outcome' }, { key: 'reason' }, { key: 'discrepancyKinds', kind: 'list' }],
    facts: RECORD_READ_FACTS,
    filters: { batchId, outcome: outcome ?? null },
  };
}
