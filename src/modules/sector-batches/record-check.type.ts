import { Field, Int, ObjectType } from 'type-graphql';
import type { InvalidCode } from './record-preparer';

const CODES =
  'UNREADABLE, ID_NUMBER_MISSING, ID_NUMBER_<EMPTY|BAD_LENGTH|BAD_CHARACTER|BAD_REGION|BAD_DATE|FUTURE_DATE|BAD_CHECK_CHARACTER>, NAME_MISSING, BIRTH_DATE_INVALID, REGION_CODE_INVALID, ATTRIBUTE_INVALID';

@ObjectType({ description: 'One record a dry run finds INVALID' })
export class SectorRecordProblem {
  @Field(() => Int, { description: 'The line of the file the record starts on (a CSV header is line 1), or its position from 1 in an inline list' })
  line!: number;

  @Field(() => String, { description: `The kind of problem: ${CODES}` })
  code!: InvalidCode;

  @Field({ description: 'Why INVALID, as the batch would report it' })
  reason!: string;
}

@ObjectType({ description: 'INVALID records of one kind' })
export class SectorRecordReasonCount {
  @Field(() => String, { description: `The kind of problem: ${CODES}` })
  code!: InvalidCode;

  @Field(() => Int)
  count!: number;

  @Field(() => Int, { description: 'Where the first of them is' })
  firstLine!: number;

  @Field({ description: 'The first one’s reason' })
  example!: string;
}

@ObjectType({ description: 'What a dry run found: records judged as intake would judge them, nothing written' })
export class SectorRecordsCheck {
  @Field(() => Int, { description: 'Records read (a CSV header and blank lines are none)' })
  records!: number;

  @Field(() => Int)
  valid!: number;

  @Field(() => Int)
  invalid!: number;

  @Field(() => [SectorRecordReasonCount], { description: 'INVALID records by kind, the most frequent first' })
  invalidByReason!: SectorRecordReasonCount[];

  @Field(() => [SectorRecordProblem], { description: 'The first problems in order (DRY_RUN_MAX_PROBLEMS of them at most)' })
  problems!: SectorRecordProblem[];

  @Field({ description: 'Whether there were more problems than listed' })
  problemsTruncated!: boolean;
}
