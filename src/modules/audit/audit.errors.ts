import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

export enum AuditErrorCode {
  BAD_ID_NUMBER = 'BAD_ID_NUMBER',
}

/** The one place where audit errors meet the contract's codes. */
export function auditContractCode(code: AuditErrorCode): ContractErrorCode {
  switch (code) {
    case AuditErrorCode.BAD_ID_NUMBER:
      return ContractErrorCode.BAD_USER_INPUT;
  }
}

export function auditError(code: AuditErrorCode, message: string, field?: string): HubError {
  const fields = field ? { fields: [{ path: field, message }] } : {};
  return new HubError(auditContractCode(code), message, { ...fields, reason: code });
}
