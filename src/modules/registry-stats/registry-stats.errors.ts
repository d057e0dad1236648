import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The statistics errors: each code with its contract code and message, the one place they meet. */
export const statsErrors = defineErrors({
  BAD_YEAR: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'year',
    message: () => 'year must be between 1949 and 2100',
  },
  DUPLICATE_DIMENSION: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'groupBy',
    message: () => 'Each dimension once',
  },
});

export type StatsErrorCode = ErrorCodeOf<typeof statsErrors>;
