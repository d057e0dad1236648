import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';
import { MatchOutcome } from './sector-batch.enums';

@ObjectType({ description: 'The outcome of one record of a batch' })
export class BatchRecord {
  @Field(() => Int, { description: '1-based position in the batch as submitted (a CSV header is not counted)' })
  rowNo!: number;

  @Field({ description: 'As normalised, or as sent when it could not be' })
  idNumber!: string;

  @Field(() => MatchOutcome)
  outcome!: MatchOutcome;

  @Field(() => String, { nullable: true, description: 'Why INVALID or PROBABLE' })
  reason!: string | null;

  @Field(() => [String])
  discrepancyKinds!: string[];

  memberId!: number | null;
  suggestionMemberId!: number | null;
}

@ObjectType({ description: 'A page of batch records in row order' })
export class BatchRecordConnection extends Connection(BatchRecord, 'BatchRecord') {}
