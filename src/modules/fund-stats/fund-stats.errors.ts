import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The fund statistics errors: each code with its contract code and message. */
export const fundStatsErrors = defineErrors({
  DUPLICATE_DIMENSION: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'groupBy',
    message: () => 'Each dimension once',
  },
});

export type FundStatsErrorCode = ErrorCodeOf<typeof fundStatsErrors>;
