/** The error codes of the public contract (contract.md): the only values of `extensions.code`. */
export enum ContractErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  DUPLICATE_ID_NUMBER = 'DUPLICATE_ID_NUMBER',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL = 'INTERNAL',
}

export const CONTRACT_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ContractErrorCode));

/** One invalid field of the input, as `extensions.fields` lists them. */
export interface FieldProblem {
  /** Path inside the arguments, e.g. `households[3].members[1].idNumber`. */
  path: string;
  message: string;
}
