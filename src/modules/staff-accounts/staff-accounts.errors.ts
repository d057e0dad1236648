import { ContractErrorCode } from '../../graphql/error-code';
import { type ErrorCodeOf, defineErrors } from '../../graphql/error-table';

/** Refusals of the staff role inside GraphQL (the tenant's own role is the auth checker's). */
export const staffAccountErrors = defineErrors({
  STAFF_ROLE: {
    contract: ContractErrorCode.FORBIDDEN,
    // HTTP 403: the whole operation is refused before it runs.
    message: (why: string) => ({ message: why, extensions: { http: { status: 403 } } }),
  },
});

export type StaffAccountErrorCode = ErrorCodeOf<typeof staffAccountErrors>;

/** An HTTP answer of the /auth routes and of the session check in front of /graphql. */
export interface StaffRefusal {
  status: number;
  body: Record<string, unknown>;
}

/**
 * `{ code, message }` as the console reads it, plus the GraphQL shape (`errors[].extensions.code`, one of the
 * contract's codes, with the staff code as `reason`) that GraphQL clients read on /graphql.
 */
function refusal(status: number, code: string, contract: ContractErrorCode, message: string, extra: Record<string, unknown> = {}): StaffRefusal {
  return { status, body: { code, message, ...extra, errors: [{ message, extensions: { code: contract, reason: code, ...extra } }] } };
}

/** The /auth and session refusals, each with its status and code (console-interface.md). */
export const staffRefusals = {
  BAD_CREDENTIALS: () => refusal(401, 'UNAUTHENTICATED', ContractErrorCode.UNAUTHENTICATED, 'Unknown tenant, username or password'),
  NO_SESSION: () => refusal(401, 'UNAUTHENTICATED', ContractErrorCode.UNAUTHENTICATED, 'Not logged in'),
  SESSION_EXPIRED: () => refusal(401, 'SESSION_EXPIRED', ContractErrorCode.UNAUTHENTICATED, 'The session has expired; log in again'),
  ACCOUNT_LOCKED: (retryAfterSeconds: number) =>
    refusal(423, 'ACCOUNT_LOCKED', ContractErrorCode.FORBIDDEN, `Too many failed logins; the account is locked for ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    }),
  CSRF: () => refusal(403, 'CSRF', ContractErrorCode.FORBIDDEN, 'Missing or wrong X-CSRF-Token header'),
  BAD_LOGIN_BODY: (fields: Array<{ path: string; message: string }>) =>
    refusal(400, 'BAD_USER_INPUT', ContractErrorCode.BAD_USER_INPUT, 'The login needs tenant, username and password', { fields }),
  RATE_LIMITED: (retryAfterSeconds: number) =>
    refusal(429, 'RATE_LIMITED', ContractErrorCode.RATE_LIMITED, `Too many login attempts; retry in ${retryAfterSeconds} s`, { retryAfterSeconds }),
} as const;
