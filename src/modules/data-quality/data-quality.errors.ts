import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The data-quality errors: each code with its contract code and message, the one place they meet. */
export const dataQualityErrors = defineErrors({
  /** A province asked for another province. */
  OTHER_PROVINCE: {
    contract: ContractErrorCode.FORBIDDEN,
    field: 'provinceCode',
    message: () => 'A province checks its own registry only',
  },
  BAD_PROVINCE_CODE: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'provinceCode',
    message: () => 'provinceCode must be 2 digits',
  },
});

export type DataQualityErrorCode = ErrorCodeOf<typeof dataQualityErrors>;
