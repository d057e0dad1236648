import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

export enum SharingErrorCode {
  NOT_A_MINISTRY = 'NOT_A_MINISTRY',
  ADMIN_ONLY = 'ADMIN_ONLY',
  BAD_BATCH = 'BAD_BATCH',
}

/** The one place where data-sharing errors meet the contract's codes. */
export function sharingContractCode(code: SharingErrorCode): ContractErrorCode {
  switch (code) {
    case SharingErrorCode.NOT_A_MINISTRY:
    case SharingErrorCode.ADMIN_ONLY:
      return ContractErrorCode.FORBIDDEN;
    case SharingErrorCode.BAD_BATCH:
      return ContractErrorCode.BAD_USER_INPUT;
  }
}

export function sharingError(code: SharingErrorCode, message: string, field?: string): HubError {
  const fields = field ? { fields: [{ path: field, message }] } : {};
  return new HubError(sharingContractCode(code), message, { ...fields, reason: code });
}
