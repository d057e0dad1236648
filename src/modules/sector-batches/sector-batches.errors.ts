import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

export enum BatchErrorCode {
  BAD_PERIOD = 'BAD_PERIOD',
  TOO_MANY_RECORDS = 'TOO_MANY_RECORDS',
  BATCH_NOT_FOUND = 'BATCH_NOT_FOUND',
  WRONG_STATUS = 'WRONG_STATUS',
  BAD_IDEMPOTENCY_KEY = 'BAD_IDEMPOTENCY_KEY',
}

/** The one place where batch errors meet the contract's codes. */
export function batchContractCode(code: BatchErrorCode): ContractErrorCode {
  switch (code) {
    case BatchErrorCode.BAD_PERIOD:
    case BatchErrorCode.TOO_MANY_RECORDS:
    case BatchErrorCode.WRONG_STATUS:
    case BatchErrorCode.BAD_IDEMPOTENCY_KEY:
      return ContractErrorCode.BAD_USER_INPUT;
    case BatchErrorCode.BATCH_NOT_FOUND:
      return ContractErrorCode.NOT_FOUND;
  }
}

export function batchError(code: BatchErrorCode, message: string, field?: string): HubError {
  const fields = field ? { fields: [{ path: field, message }] } : {};
  return new HubError(batchContractCode(code), message, { ...fields, reason: code });
}
