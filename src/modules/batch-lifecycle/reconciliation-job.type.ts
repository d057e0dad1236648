import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';
import { SectorBatch } from '../sector-batches/sector-batch.entity';

@ObjectType({ description: 'A batch as the national office monitors it: database progress beside the queue job' })
export class ReconciliationJob {
  @Field(() => SectorBatch)
  batch!: SectorBatch;

  @Field({ description: 'BullMQ state of the job: waiting, active, delayed, completed, failed, or missing (no job in Redis)' })
  jobState!: string;

  @Field(() => Float, { description: 'Processed share of the records, 0 to 1' })
  progress!: number;

  @Field(() => Int, { description: 'Runs started on the batch (database) ' })
  attempts!: number;

  @Field(() => String, { nullable: true })
  failureReason!: string | null;

  @Field(() => Float, { nullable: true, description: 'Seconds from queued to finished (or to now while running)' })
  durationSeconds!: number | null;

  @Field(() => Float, { nullable: true, description: 'Records per second since the run started' })
  recordsPerSecond!: number | null;
}

@ObjectType({ description: 'A page of reconciliation jobs, newest first' })
export class ReconciliationJobConnection extends Connection(ReconciliationJob, 'ReconciliationJob') {}
