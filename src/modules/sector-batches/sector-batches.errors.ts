import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The sector-batch errors: each code with its contract code and message, the one place they meet. */
export const batchErrors = defineErrors({
  BAD_PERIOD: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'period',
    message: () => 'period must start with a four-digit year (2000 to next year), e.g. 2016 or 2016-Q4',
  },
  TOO_MANY_RECORDS: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'records',
    message: (max: number) => `At most ${max} records inline; stream bigger batches with createSectorBatch`,
  },
  BATCH_NOT_FOUND: {
    contract: ContractErrorCode.NOT_FOUND,
    message: (whose: 'yours' | 'any') => (whose === 'yours' ? 'No such batch of yours' : 'No such batch'),
  },
  WRONG_STATUS: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'id',
    // The batch lifecycle's rules word the refusal (which states the transition takes).
    message: (refusal: string) => refusal,
  },
  BAD_IDEMPOTENCY_KEY: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'idempotencyKey',
    message: () => 'The idempotency key must be 1-200 printable ASCII characters',
  },
});

export type BatchErrorCode = ErrorCodeOf<typeof batchErrors>;
