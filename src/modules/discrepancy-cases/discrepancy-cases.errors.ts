import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

export enum CaseErrorCode {
  CASE_NOT_FOUND = 'CASE_NOT_FOUND',
  ALREADY_RESOLVED = 'ALREADY_RESOLVED',
  REASON_REQUIRED = 'REASON_REQUIRED',
  REASON_NOT_ALLOWED = 'REASON_NOT_ALLOWED',
  NO_CORRECTING_EVENT = 'NO_CORRECTING_EVENT',
}

/** The one place where case errors meet the contract's codes. */
export function caseContractCode(code: CaseErrorCode): ContractErrorCode {
  switch (code) {
    case CaseErrorCode.CASE_NOT_FOUND:
      return ContractErrorCode.NOT_FOUND;
    case CaseErrorCode.ALREADY_RESOLVED:
    case CaseErrorCode.REASON_REQUIRED:
    case CaseErrorCode.REASON_NOT_ALLOWED:
    case CaseErrorCode.NO_CORRECTING_EVENT:
      return ContractErrorCode.BAD_USER_INPUT;
  }
}

export function caseError(code: CaseErrorCode, message: string, field?: string): HubError {
  const fields = field ? { fields: [{ path: field, message }] } : {};
  return new HubError(caseContractCode(code), message, { ...fields, reason: code });
}
