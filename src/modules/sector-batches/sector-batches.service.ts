import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { RECONCILE_TOPIC } from '../../queues/outbox.relay';
import { appendAudit } from '../audit/audit.repository';
import { IdempotencyService, requestHash } from '../idempotency/idempotency.service';
import type { Sector } from '../tenants/tenant.enums';
import { SectorBatch } from './sector-batch.entity';
import { BatchStatus } from './sector-batch.enums';
import { batchErrors } from './sector-batches.errors';
import type { SectorRecordInput } from './sector-batches.inputs';
import { insertOutbox, insertRecords } from './sector-records.repository';

/** Most records `submitSectorBatch` carries inline; bigger batches stream through PUT /batches/{id}/records. */
export const INLINE_MAX = 10_000;
const PERIOD = /^\d{4}(?:[^0-9].{0,28})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Something that publishes the outbox right after a commit (the relay), so a batch need not wait for its timer. */
export interface OutboxKick {
  kick(): unknown;
}

/**
 * Intake of sector batches. A batch, its records and its outbox row commit in
 * one transaction: when the mutation returns the batch is durable, whatever
 * Redis is doing.
 */
export class SectorBatchesService {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
    private readonly requestId: string,
    private readonly relay?: OutboxKick,
  ) {}

  async submit(key: string, sector: Sector, period: string, records: SectorRecordInput[]): Promise<SectorBatch> {
    checkPeriod(period);
    if (records.length > INLINE_MAX) throw batchErrors.TOO_MANY_RECORDS(INLINE_MAX);
    const id = await this.once(key, 'submitSectorBatch', { sector, period, records }, async (tem) => {
      const batchId = await this.insertBatch(tem, sector, period, BatchStatus.QUEUED, records.length);
      const inline = records.map((r) => ({ ...r, birthDate: r.birthDate ? r.birthDate.toISOString().slice(0, 10) : null }));
      await insertRecords(tem, batchId, sector, inline);
      await insertOutbox(tem, batchId, RECONCILE_TOPIC);
      return batchId;
    });
    this.relay?.kick();
    return this.get(id) as Promise<SectorBatch>;
  }

  async create(key: string, sector: Sector, period: string): Promise<SectorBatch> {
    checkPeriod(period);
    const id = await this.once(key, 'createSectorBatch', { sector, period }, (tem) => this.insertBatch(tem, sector, period, BatchStatus.RECEIVING, 0));
    return this.get(id) as Promise<SectorBatch>;
  }

  /** Closes intake and queues the batch; sealing a sealed batch changes nothing. */
  async seal(id: string): Promise<SectorBatch> {
    const batch = await this.get(id);
    if (!batch || batch.tenantCode !== this.caller.tenant.code) throw batchErrors.BATCH_NOT_FOUND('yours');
    if (batch.status === BatchStatus.RECEIVING) {
      await this.em.transactional(async (tem) => {
        const rows = await tem.execute(`update sector_batches set status = 'QUEUED', queued_at = now(), updated_at = now() where id = ?::uuid and status = 'RECEIVING' returning id`, [id]);
        if (rows.length) await insertOutbox(tem, id, RECONCILE_TOPIC);
        await appendAudit(tem, { tenantCode: this.caller.tenant.code, operation: 'sealSectorBatch', requestId: this.requestId, detail: { batchId: id } });
      });
      this.relay?.kick();
    } else if (batch.status === BatchStatus.CANCELLED) {
      throw batchErrors.WRONG_STATUS('CANCELLED');
    }
    return (await this.get(id))!;
  }

  /** A batch the caller may see (its own; LGOP all), else null. */
  get(id: string): Promise<SectorBatch | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.em.fork({ keepTransactionContext: true }).findOne(SectorBatch, { id });
  }

  /** Runs `work` once per idempotency key; a replay returns the batch id of the first call. */
  private async once(key: string, operation: string, input: unknown, work: (tem: EntityManager) => Promise<string>): Promise<string> {
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw batchErrors.BAD_IDEMPOTENCY_KEY();
    return this.em.transactional(async (tem) => {
      const idem = new IdempotencyService(tem, this.caller.tenant.code);
      const claim = await idem.claim<{ batchId: string }>(key, operation, requestHash(operation, input));
      if (claim.kind === 'replay') return claim.response.batchId;
      const batchId = await work(tem);
      await appendAudit(tem, { tenantCode: this.caller.tenant.code, operation, requestId: this.requestId, detail: { batchId } });
      await idem.complete(key, { batchId });
      return batchId;
    });
  }

  private async insertBatch(tem: EntityManager, sector: Sector, period: string, status: BatchStatus, total: number): Promise<string> {
    const [row] = await tem.execute<Array<{ id: string }>>(
      `insert into sector_batches (tenant_code, sector, period, status, total_records, queued_at)
       values (?, ?, ?, ?, ?, case when ? = 'QUEUED' then now() end) returning id`,
      [this.caller.tenant.code, sector, period, status, total, status],
    );
    return row.id;
  }
}

function checkPeriod(period: string): void {
  const year = Number(period.slice(0, 4));
  if (!PERIOD.test(period) || year < 2000 || year > new Date().getUTCFullYear() + 1) {
    throw batchErrors.BAD_PERIOD();
  }
}
