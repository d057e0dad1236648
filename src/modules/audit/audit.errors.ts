import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The audit errors: each code with its contract code and message, the one place they meet. */
export const auditErrors = defineErrors({
  BAD_ID_NUMBER: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'idNumber',
    message: (reason: string) => `The ID number ${reason}`,
  },
});

export type AuditErrorCode = ErrorCodeOf<typeof auditErrors>;
