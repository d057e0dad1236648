import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

export enum SharingErrorCode {
  BAD_BATCH = 'BAD_BATCH',
  HIDDEN_FILTER_FIELD = 'HIDDEN_FILTER_FIELD',
}

/** The one place where data-sharing errors meet the contract's codes. */
export function sharingContractCode(code: SharingErrorCode): ContractErrorCode {
  switch (code) {
    case SharingErrorCode.HIDDEN_FILTER_FIELD:
      return ContractErrorCode.FORBIDDEN;
    case SharingErrorCode.BAD_BATCH:
      return ContractErrorCode.BAD_USER_INPUT;
  }
}

export function sharingError(code: SharingErrorCode, message: string, field?: string): HubError {
  const fields = field ? { fields: [{ path: field, message }] } : {};
  return new HubError(sharingContractCode(code), message, { ...fields, reason: code });
}

/** FORBIDDEN naming each filter field that selects by a field the policy hides, and that field. */
export function hiddenFilterError(refused: Array<{ field: string; reveals: string }>): HubError {
  const fields = refused.map((r) => ({ path: `filter.${r.field}`, message: `Your data-sharing policy hides ${r.reveals}; you may not filter by it` }));
  const names = refused.map((r) => r.field).join(', ');
  return new HubError(sharingContractCode(SharingErrorCode.HIDDEN_FILTER_FIELD), `Filter by a field your data-sharing policy hides: ${names}`, {
    fields,
    hiddenFields: refused.map((r) => r.reveals),
    reason: SharingErrorCode.HIDDEN_FILTER_FIELD,
  });
}
