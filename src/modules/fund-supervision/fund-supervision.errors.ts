import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The fund supervision errors: each code with its contract code and message. */
export const fundSupervisionErrors = defineErrors({
  /** A province asked for another province's projects. */
  OTHER_PROVINCE: {
    contract: ContractErrorCode.FORBIDDEN,
    field: 'provinceCode',
    message: () => 'A province supervises its own projects only',
  },
  BAD_PROVINCE_CODE: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'provinceCode',
    message: () => 'provinceCode must be 2 digits',
  },
});

export type FundSupervisionErrorCode = ErrorCodeOf<typeof fundSupervisionErrors>;
