import type { ContractErrorCode, FieldProblem } from './error-code';
import { HubError } from './hub-error';

/** What a message factory may say beyond its text: the argument paths it is about, and extra extensions. */
export interface ErrorDetail {
  message: string;
  /** One argument path; `extensions.fields` becomes `[{ path: field, message }]`. */
  field?: string;
  /** Several paths, each with its own message (wins over `field`). */
  fields?: FieldProblem[];
  /** Extensions of this error besides code, reason and fields (e.g. `currentVersion`). */
  extensions?: Record<string, unknown>;
}

/** One module error: the contract code it is sent as, and how it is told. */
export interface ErrorSpec<A extends unknown[]> {
  contract: ContractErrorCode;
  /** The argument path the error is always about, unless the message names another. */
  field?: string;
  message: (...args: A) => string | ErrorDetail;
}

// `any` in the constraint only: each entry keeps its own parameter types, which the factory re-exposes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorTable = Record<string, ErrorSpec<any[]>>;

/** One factory per code: the message factory's arguments in, the HubError out. */
export type ErrorFactory<T extends ErrorTable> = { readonly [K in keyof T]: (...args: Parameters<T[K]['message']>) => HubError };

/** The codes of a table, e.g. `type BatchErrorCode = ErrorCodeOf<typeof batchErrors>`. */
export type ErrorCodeOf<F> = Extract<keyof F, string>;

/**
 * A module's errors, declared once: each code with its contract code and its
 * message. A code without a contract code does not compile. The error carries
 * `extensions.code` (the contract's), `extensions.reason` (the module's code)
 * and, where a path is given, `extensions.fields`.
 */
export function defineErrors<const T extends ErrorTable>(table: T): ErrorFactory<T> {
  const factory: Record<string, (...args: unknown[]) => HubError> = {};
  for (const [code, spec] of Object.entries(table)) {
    factory[code] = (...args) => toHubError(code, spec, spec.message(...args));
  }
  return Object.freeze(factory) as ErrorFactory<T>;
}

function toHubError(reason: string, spec: ErrorSpec<unknown[]>, said: string | ErrorDetail): HubError {
  const detail: ErrorDetail = typeof said === 'string' ? { message: said } : said;
  const field = detail.field ?? spec.field;
  const fields = detail.fields ?? (field ? [{ path: field, message: detail.message }] : undefined);
  return new HubError(spec.contract, detail.message, { ...detail.extensions, ...(fields ? { fields } : {}), reason });
}
