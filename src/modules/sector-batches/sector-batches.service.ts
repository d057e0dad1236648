import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import type { BatchLifecycleService } from '../batch-lifecycle/batch-lifecycle.service';
import { IdempotencyService, requestHash } from '../idempotency/idempotency.service';
import type { Sector } from '../tenants/tenant.enums';
import { BatchReadsService } from './batch-reads.service';
import type { BatchRow } from './batch-reads.repository';
import { type RecordCheckReport, checkInline } from './record-check';
import { batchErrors } from './sector-batches.errors';
import type { SectorRecordInput } from './sector-batches.inputs';
import { insertRecords } from './sector-records.repository';

/** Most records `submitSectorBatch` carries inline; bigger batches stream through PUT /batches/{id}/records. */
export const INLINE_MAX = 10_000;
const PERIOD = /^\d{4}(?:[^0-9].{0,28})?$/;

/**
 * Intake of sector batches. A batch, its records and its outbox row commit in
 * one transaction: when the mutation returns the batch is durable, whatever
 * Redis is doing. Its status changes only through the batch lifecycle.
 */
export class SectorBatchesService {
  private readonly reads: BatchReadsService;

  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
    private readonly lifecycle: BatchLifecycleService,
  ) {
    this.reads = new BatchReadsService(em);
  }

  async submit(key: string, sector: Sector, period: string, records: SectorRecordInput[]): Promise<BatchRow> {
    checkPeriod(period);
    if (records.length > INLINE_MAX) throw batchErrors.TOO_MANY_RECORDS(INLINE_MAX);
    const id = await this.once(key, 'submitSectorBatch', { sector, period, records }, async (tem) => {
      const batchId = await this.lifecycle.create(tem, { sector, period, totalRecords: records.length, withAllRecords: true }, 'submitSectorBatch');
      const inline = records.map((r) => ({ ...r, birthDate: r.birthDate ? r.birthDate.toISOString().slice(0, 10) : null }));
      await insertRecords(tem, batchId, sector, inline);
      return batchId;
    });
    return this.get(id) as Promise<BatchRow>;
  }

  async create(key: string, sector: Sector, period: string): Promise<BatchRow> {
    checkPeriod(period);
    const id = await this.once(key, 'createSectorBatch', { sector, period }, (tem) =>
      this.lifecycle.create(tem, { sector, period, totalRecords: 0, withAllRecords: false }, 'createSectorBatch'),
    );
    return this.get(id) as Promise<BatchRow>;
  }

  /** A dry run of submit: the records judged as intake would judge them, nothing written. */
  validate(sector: Sector, records: SectorRecordInput[], maxProblems: number): RecordCheckReport {
    if (records.length > INLINE_MAX) throw batchErrors.TOO_MANY_RECORDS(INLINE_MAX);
    return checkInline(records, sector, maxProblems);
  }

  /** Closes intake and queues the batch; sealing a sealed batch changes nothing. */
  async seal(id: string): Promise<BatchRow> {
    const batch = await this.get(id);
    if (!batch || batch.tenantCode !== this.caller.tenant.code) throw batchErrors.BATCH_NOT_FOUND('yours');
    await this.lifecycle.seal(batch);
    return (await this.get(id))!;
  }

  /** A batch the caller may see (its own; LGOP all), else null. */
  get(id: string): Promise<BatchRow | null> {
    return this.reads.get(id);
  }

  /** Runs `work` once per idempotency key; a replay returns the batch id of the first call. */
  private async once(key: string, operation: string, input: unknown, work: (tem: EntityManager) => Promise<string>): Promise<string> {
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw batchErrors.BAD_IDEMPOTENCY_KEY();
    return this.em.transactional(async (tem) => {
      const idem = new IdempotencyService(tem, this.caller.tenant.code);
      const claim = await idem.claim<{ batchId: string }>(key, operation, requestHash(operation, input));
      if (claim.kind === 'replay') return claim.response.batchId;
      const batchId = await work(tem);
      await idem.complete(key, { batchId });
      return batchId;
    });
  }
}

function checkPeriod(period: string): void {
  const year = Number(period.slice(0, 4));
  if (!PERIOD.test(period) || year < 2000 || year > new Date().getUTCFullYear() + 1) {
    throw batchErrors.BAD_PERIOD();
  }
}
