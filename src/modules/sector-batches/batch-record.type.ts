import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';
import { MatchOutcome } from './sector-batch.enums';
import { MatchEvidence } from '../reconciliation/match-evidence.type';
import { SuggestionRepair } from '../reconciliation/match.enums';

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

  @Field(() => Float, { nullable: true, description: 'PROBABLE: the candidate’s score in [0, 1] (at least the configured threshold)' })
  matchScore!: number | null;

  @Field(() => MatchEvidence, { nullable: true, description: 'PROBABLE: what the score rests on' })
  matchEvidence!: MatchEvidence | null;

  @Field(() => SuggestionRepair, { nullable: true, description: 'With a suggestion: the edit of the ID number that gives the suggested member’s' })
  suggestionRepair!: SuggestionRepair | null;

  memberId!: number | null;
  suggestionMemberId!: number | null;
}

/** The orders of batchRecords. */
export enum BatchRecordOrder {
  ROW_NO = 'ROW_NO',
  MATCH_SCORE = 'MATCH_SCORE',
}
registerEnumType(BatchRecordOrder, {
  name: 'BatchRecordOrder',
  valuesConfig: {
    ROW_NO: { description: 'Row order (the default)' },
    MATCH_SCORE: { description: 'Highest PROBABLE score first (records with no score last), then row order' },
  },
});

@ObjectType({ description: 'A page of batch records in row order' })
export class BatchRecordConnection extends Connection(BatchRecord, 'BatchRecord') {}
