import { ContractErrorCode, type FieldProblem } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** Why a provincial write is refused as a whole: each code with its contract code and message, the one place they meet. */
export const pushErrors = defineErrors({
  TOO_MANY_HOUSEHOLDS: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    message: (max: number, sent: number) => ({
      message: `At most ${max} households a push; ${sent} were sent`,
      fields: [{ path: 'households', message: `at most ${max} households` }],
    }),
  },
  BAD_IDEMPOTENCY_KEY: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    message: () => ({
      message: 'The idempotency key must be 1-200 printable ASCII characters',
      fields: [{ path: 'idempotencyKey', message: '1-200 printable ASCII characters' }],
    }),
  },
  HOUSEHOLD_NOT_FOUND: {
    contract: ContractErrorCode.NOT_FOUND,
    message: (registryNo: string) => `No household ${registryNo} in your province`,
  },
  MEMBER_NOT_FOUND: {
    contract: ContractErrorCode.NOT_FOUND,
    message: () => 'No active member with this ID number in your province',
  },
  /** A lifecycle rule's refusal, about `field` (the registry number unless said). */
  TRANSITION_NOT_ALLOWED: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'registryNo',
    message: (message: string, field?: string) => ({ message, field }),
  },
  VERSION_CONFLICT: {
    contract: ContractErrorCode.VERSION_CONFLICT,
    message: (current: number, expected: number) => ({
      message: `The household is at version ${current}, not ${expected}`,
      extensions: { currentVersion: current },
    }),
  },
  DUPLICATE_ID_NUMBER: {
    contract: ContractErrorCode.DUPLICATE_ID_NUMBER,
    message: (where: string) => ({
      message: `This person is already an active member ${where}`,
      fields: [{ path: 'member.idNumber', message: 'already active' }],
    }),
  },
  INVALID_INPUT: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    message: (message: string, fields: FieldProblem[]) => ({ message, fields }),
  },
});

export type PushErrorCode = ErrorCodeOf<typeof pushErrors>;
