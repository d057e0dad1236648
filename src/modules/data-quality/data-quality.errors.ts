import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';

export enum DataQualityErrorCode {
  /** A province asked for another province. */
  OTHER_PROVINCE = 'OTHER_PROVINCE',
  BAD_PROVINCE_CODE = 'BAD_PROVINCE_CODE',
}

/** The one place where data-quality errors meet the contract's codes. */
export function dataQualityContractCode(code: DataQualityErrorCode): ContractErrorCode {
  switch (code) {
    case DataQualityErrorCode.OTHER_PROVINCE:
      return ContractErrorCode.FORBIDDEN;
    case DataQualityErrorCode.BAD_PROVINCE_CODE:
      return ContractErrorCode.BAD_USER_INPUT;
  }
}

export function dataQualityError(code: DataQualityErrorCode, message: string, field?: string): HubError {
  const fields = field ? { fields: [{ path: field, message }] } : {};
  return new HubError(dataQualityContractCode(code), message, { ...fields, reason: code });
}
