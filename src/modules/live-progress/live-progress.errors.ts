import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The live-progress errors: a subscription to what the caller may not see is told it does not exist, as the queries tell it. */
export const liveProgressErrors = defineErrors({
  BATCH_NOT_FOUND: {
    contract: ContractErrorCode.NOT_FOUND,
    field: 'id',
    message: (whose: 'yours' | 'any') => (whose === 'yours' ? 'No such batch of yours' : 'No such batch'),
  },
  RUN_NOT_FOUND: {
    contract: ContractErrorCode.NOT_FOUND,
    field: 'id',
    message: (whose: 'yours' | 'any') => (whose === 'yours' ? 'No such data-quality run of yours' : 'No such data-quality run'),
  },
});

export type LiveProgressErrorCode = ErrorCodeOf<typeof liveProgressErrors>;
