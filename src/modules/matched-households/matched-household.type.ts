import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';
import { Household } from '../households/household.entity';
import { MatchOutcome } from '../sector-batches/sector-batch.enums';

@ObjectType({ description: 'One record of the caller’s batches that matched a member of the household', simpleResolvers: true })
export class MatchFact {
  @Field(() => ID)
  batchId!: string;

  @Field()
  period!: string;

  @Field(() => Int, { description: 'The record’s row in its batch' })
  rowNo!: number;

  @Field(() => MatchOutcome, { description: 'MATCHED, or PROBABLE (a similar member of the county, to review)' })
  outcome!: MatchOutcome;

  @Field(() => [String])
  discrepancyKinds!: string[];

  memberId!: number;
  householdId!: number;
}

@ObjectType({ description: 'A registered household that the caller’s batches matched, under its data-sharing policy', simpleResolvers: true })
export class MatchedHousehold {
  @Field(() => Household, { description: 'Fields outside the policy are null and listed in extensions.redactedFields' })
  household!: Household;

  @Field(() => [MatchFact], { description: 'The matching records, by period and row' })
  matches!: MatchFact[];
}

@ObjectType({ description: 'A page of matched households, in registry order' })
export class MatchedHouseholdConnection extends Connection(MatchedHousehold, 'MatchedHousehold') {}
