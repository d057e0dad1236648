import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** The case errors: each code with its contract code and message, the one place they meet. */
export const caseErrors = defineErrors({
  CASE_NOT_FOUND: {
    contract: ContractErrorCode.NOT_FOUND,
    message: () => 'No such discrepancy in your province',
  },
  /** The case is no longer open to this resolution; without one, it changed while being resolved. */
  ALREADY_RESOLVED: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    message: (current?: { status: string; resolution: string }) =>
      current
        ? { message: `The discrepancy is ${current.status}; it cannot become ${current.resolution}`, field: 'resolution' }
        : { message: 'The discrepancy changed meanwhile; read it again', field: 'id' },
  },
  REASON_REQUIRED: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    message: (missing: 'NOTE_TOO_LONG' | 'DISMISSAL_REASON' | 'DISMISSAL_NOTE') => {
      switch (missing) {
        case 'NOTE_TOO_LONG':
          return { message: 'The note is longer than 2,000 characters', field: 'note' };
        case 'DISMISSAL_REASON':
          return { message: 'A dismissal needs a reason from the list', field: 'dismissalReason' };
        case 'DISMISSAL_NOTE':
          return { message: 'A dismissal needs a note saying why', field: 'note' };
      }
    },
  },
  REASON_NOT_ALLOWED: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'dismissalReason',
    message: () => 'A dismissal reason goes only with DISMISSED',
  },
  NO_CORRECTING_EVENT: {
    contract: ContractErrorCode.BAD_USER_INPUT,
    field: 'resolution',
    message: () => 'No change to the household since the case was opened: push the correction first',
  },
});

export type CaseErrorCode = ErrorCodeOf<typeof caseErrors>;
