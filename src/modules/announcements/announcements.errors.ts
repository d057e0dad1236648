import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The public list's refusals of its query string, each at its parameter. */
export const announcementErrors = defineErrors({
  BAD_FORMAT: { contract: ContractErrorCode.BAD_USER_INPUT, field: 'format', message: () => 'format is json or csv' },
  BAD_LIMIT: { contract: ContractErrorCode.BAD_USER_INPUT, field: 'limit', message: (max: number) => `limit is a whole number from 1 to ${max}` },
  BAD_CURSOR: { contract: ContractErrorCode.BAD_USER_INPUT, field: 'after', message: () => 'after is a cursor this list gave (nextCursor)' },
  BAD_PROVINCE: { contract: ContractErrorCode.BAD_USER_INPUT, field: 'provinceCode', message: () => 'provinceCode is 2 digits' },
  BAD_COUNTY: { contract: ContractErrorCode.BAD_USER_INPUT, field: 'countyCode', message: () => 'countyCode is 6 digits' },
});

export type AnnouncementErrorCode = ErrorCodeOf<typeof announcementErrors>;
