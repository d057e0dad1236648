import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

export enum StatsErrorCode {
  BAD_YEAR = 'BAD_YEAR',
  DUPLICATE_DIMENSION = 'DUPLICATE_DIMENSION',
}

/** The one place where statistics errors meet the contract's codes. */
export function statsContractCode(code: StatsErrorCode): ContractErrorCode {
  switch (code) {
    case StatsErrorCode.BAD_YEAR:
    case StatsErrorCode.DUPLICATE_DIMENSION:
      return ContractErrorCode.BAD_USER_INPUT;
  }
}

export function statsError(code: StatsErrorCode, message: string, field?: string): HubError {
  const fields = field ? { fields: [{ path: field, message }] } : {};
  return new HubError(statsContractCode(code), message, { ...fields, reason: code });
}
