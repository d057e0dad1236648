import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { withTenantRead } from '../../db/tenant-read';
import type { LiveProgress } from '../../graphql/hub-context';
import type { Logger } from '../../logging/logger';
import { ProgressTopic } from '../../queues/progress-channels';
import type { Follow } from '../../queues/progress.follower';
import { DataQualityService } from '../data-quality/data-quality.service';
import { BatchReadsService } from '../sector-batches/batch-reads.service';
import { TenantKind } from '../tenants/tenant.enums';
import { liveProgressErrors } from './live-progress.errors';
import { type BatchProgressView, batchProgressOf, batchVersion, isTerminalBatch, isTerminalRun, runShare, runVersion } from './live-progress.rules';
import type { QualityRunProgress } from './live-progress.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The live subscriptions of one caller. Every state, the first included, is
 * read through the same service as the matching query (sectorBatch,
 * dataQualityRun), in a transaction under the caller's tenancy: what the
 * query would answer null is refused as NOT_FOUND at subscription, and a row
 * that stops being visible ends the stream.
 */
export class LiveProgressService {
  constructor(
    private readonly live: LiveProgress | undefined,
    private readonly caller: Caller,
    private readonly log: Logger,
  ) {}

  async batch(id: string): Promise<AsyncIterable<BatchProgressView>> {
    const follow: Follow<BatchProgressView> = {
      topic: ProgressTopic.BATCH,
      id,
      shareKey: this.shareKey(ProgressTopic.BATCH, id),
      read: async () => {
        const row = await this.read((em) => new BatchReadsService(em).get(id));
        return row && batchProgressOf(row, new Date());
      },
      version: batchVersion,
      done: (s) => isTerminalBatch(s.status),
    };
    const stream = UUID.test(id) ? await this.feed().follow(follow) : null;
    if (!stream) throw liveProgressErrors.BATCH_NOT_FOUND(this.whose());
    return stream;
  }

  async qualityRun(id: string): Promise<AsyncIterable<QualityRunProgress>> {
    const follow: Follow<QualityRunProgress> = {
      topic: ProgressTopic.QUALITY_RUN,
      id,
      shareKey: this.shareKey(ProgressTopic.QUALITY_RUN, id),
      read: async () => {
        const run = await this.read((em) => new DataQualityService(em, this.caller, this.log).run(id));
        return run && { ...pickRun(run), share: runShare(run) };
      },
      version: runVersion,
      done: (r) => isTerminalRun(r.status),
    };
    const stream = UUID.test(id) ? await this.feed().follow(follow) : null;
    if (!stream) throw liveProgressErrors.RUN_NOT_FOUND(this.whose());
    return stream;
  }

  private read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return withTenantRead(this.live!.orm, this.caller, fn);
  }

  private feed() {
    // Only a process that serves /graphql/stream builds a feed; an operation reaching here without one is a wiring bug.
    if (!this.live) throw new Error('live progress is not served by this process');
    return this.live.feed;
  }

  /** Tenants of one code share a scope, so they share a read; another tenant never does. */
  private shareKey(topic: ProgressTopic, id: string): string {
    return `${topic}:${id.toLowerCase()}:${this.caller.tenant.code}`;
  }

  private whose(): 'yours' | 'any' {
    return this.caller.tenant.kind === TenantKind.ADMIN ? 'any' : 'yours';
  }
}

function pickRun(r: Omit<QualityRunProgress, 'share'>): Omit<QualityRunProgress, 'share'> {
  const { id, status, checks, rulesTotal, doneRules, failedRules, found, opened, fixed, error, startedAt, finishedAt } = r;
  return { id, status, checks, rulesTotal, doneRules: [...doneRules], failedRules: [...failedRules], found, opened, fixed, error, startedAt, finishedAt };
}
