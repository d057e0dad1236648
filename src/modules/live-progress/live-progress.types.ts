import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { RunChecks, RunStatus } from '../data-quality/data-quality.enums';
import { BatchStatus } from '../sector-batches/sector-batch.enums';
import { BatchPhase } from './live-progress.enums';

@ObjectType({ description: 'One state of a batch’s reconciliation, sent when it changes (batchProgress)' })
export class BatchProgress {
  @Field(() => ID)
  id!: string;

  @Field(() => BatchStatus)
  status!: BatchStatus;

  @Field(() => BatchPhase)
  phase!: BatchPhase;

  @Field(() => Int)
  totalRecords!: number;

  @Field(() => Int, { description: 'Records through both passes (the exact pass alone counts none)' })
  processedRecords!: number;

  @Field(() => Int)
  matched!: number;

  @Field(() => Int)
  probable!: number;

  @Field(() => Int)
  unmatched!: number;

  @Field(() => Int)
  invalid!: number;

  @Field(() => Int)
  discrepancies!: number;

  @Field(() => Float, { nullable: true, description: 'Records per second since the run started; null before any record is processed' })
  recordsPerSecond!: number | null;

  @Field(() => Int, { nullable: true, description: 'Seconds left at that rate; 0 once finished; null while it cannot be told' })
  etaSeconds!: number | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED, or why the last attempt failed' })
  error!: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => DateTimeResolver, { description: 'When the batch row last changed' })
  updatedAt!: Date;
}

@ObjectType({ description: 'One state of a data-quality or fund-supervision run, sent when it changes (qualityRunProgress)' })
export class QualityRunProgress {
  @Field(() => ID)
  id!: string;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => RunChecks)
  checks!: RunChecks;

  @Field(() => Int)
  rulesTotal!: number;

  @Field(() => [String], { description: 'Rules applied so far' })
  doneRules!: string[];

  @Field(() => [String])
  failedRules!: string[];

  @Field(() => Float, { nullable: true, description: 'Share of the rules applied or failed, 0 to 1; null before the worker counted them' })
  share!: number | null;

  @Field(() => Int)
  found!: number;

  @Field(() => Int)
  opened!: number;

  @Field(() => Int)
  fixed!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  finishedAt!: Date | null;
}
