import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** Why a write to the project library, its ledger or its benefits is refused as a whole. */
export const projectErrors = defineErrors({
  /** More items than one call may carry; `field` is the list argument. */
  TOO_MANY_ITEMS: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    message: (field: string, max: number, sent: number) => ({
      message: `At most ${max.toLocaleString('en-US')} ${field} a call; ${sent.toLocaleString('en-US')} were sent`,
      fields: [{ path: field, message: `at most ${max.toLocaleString('en-US')} ${field}` }],
    }),
  },
  BAD_IDEMPOTENCY_KEY: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'idempotencyKey',
    message: () => 'The idempotency key must be 1-200 printable ASCII characters',
  },
  PROJECT_NOT_FOUND: {
    contract: ContractErrorCode.NOT_FOUND,
    field: 'projectNo',
    message: (projectNo: string) => `No project ${projectNo} in your province`,
  },
  PROJECT_OF_ANOTHER_PROVINCE: {
    contract: ContractErrorCode.FORBIDDEN,
    field: 'projectNo',
    message: (provinceCode: string) => `Project numbers of your province start with ${provinceCode}; you may write only your own counties' projects`,
  },
});

export type ProjectErrorCode = ErrorCodeOf<typeof projectErrors>;
