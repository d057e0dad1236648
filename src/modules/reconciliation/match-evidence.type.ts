import { Field, Float, Int, ObjectType } from 'type-graphql';
import { NameComparison } from './match.enums';

@ObjectType({ description: 'Why a PROBABLE record names its candidate: the fields compared and their Fellegi-Sunter match weight', simpleResolvers: true })
export class MatchEvidence {
  @Field({ description: 'The record’s county is the candidate household’s (the block requires it)' })
  countyAgrees!: boolean;

  @Field({ description: 'The record’s birth date is the candidate’s (the block requires it)' })
  birthDateAgrees!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'The sex inside the record’s ID number is the candidate’s; null when either is unknown' })
  sexAgrees!: boolean | null;

  @Field(() => NameComparison)
  nameComparison!: NameComparison;

  @Field(() => Float, { description: 'Total log2 match weight, prior included: the score is 1 / (1 + 2^-weight)' })
  weight!: number;

  @Field(() => Int, { description: 'Other members scoring the same: a tie the hub does not resolve (the candidate is the lowest member id)' })
  tiedCandidates!: number;
}
