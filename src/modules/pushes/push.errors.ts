import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

/** Why a provincial write is refused as a whole. */
export enum PushErrorCode {
  TOO_MANY_HOUSEHOLDS = 'TOO_MANY_HOUSEHOLDS',
  BAD_IDEMPOTENCY_KEY = 'BAD_IDEMPOTENCY_KEY',
  HOUSEHOLD_NOT_FOUND = 'HOUSEHOLD_NOT_FOUND',
  MEMBER_NOT_FOUND = 'MEMBER_NOT_FOUND',
  TRANSITION_NOT_ALLOWED = 'TRANSITION_NOT_ALLOWED',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  DUPLICATE_ID_NUMBER = 'DUPLICATE_ID_NUMBER',
  INVALID_INPUT = 'INVALID_INPUT',
}

/** The one place where push errors meet the contract's codes. */
export function pushContractCode(code: PushErrorCode): ContractErrorCode {
  switch (code) {
    case PushErrorCode.TOO_MANY_HOUSEHOLDS:
    case PushErrorCode.BAD_IDEMPOTENCY_KEY:
    case PushErrorCode.TRANSITION_NOT_ALLOWED:
    case PushErrorCode.INVALID_INPUT:
      return ContractErrorCode.BAD_USER_INPUT;
    case PushErrorCode.HOUSEHOLD_NOT_FOUND:
    case PushErrorCode.MEMBER_NOT_FOUND:
      return ContractErrorCode.NOT_FOUND;
    case PushErrorCode.VERSION_CONFLICT:
      return ContractErrorCode.VERSION_CONFLICT;
    case PushErrorCode.DUPLICATE_ID_NUMBER:
      return ContractErrorCode.DUPLICATE_ID_NUMBER;
  }
}

export function pushError(code: PushErrorCode, message: string, extensions: Record<string, unknown> = {}): HubError {
  return new HubError(pushContractCode(code), message, { ...extensions, reason: code });
}
