import { validate } from 'class-validator';
import type { FieldProblem } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';
import { validationFields } from '../../graphql/validation-fields';
import type { ExportFormat } from './exports.service';

/** What a query parameter holds: one of an enum's values, a text, or a whole number. */
export type ParamKind = { enum: Record<string, string> } | 'text' | 'int' | 'uuid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];

/** An export's query parameters, each named as the argument or filter field of its GraphQL twin. */
export interface ExportParams {
  format: ExportFormat;
  values: Record<string, string | number>;
}

/**
 * Reads the query string by `spec`: `format` and the twin's arguments, each once, of its kind;
 * anything else is refused, so a misspelt filter never yields an unfiltered file. BAD_USER_INPUT
 * names each parameter at fault (its path is the parameter's name).
 */
export function parseExportParams(query: Record<string, unknown>, spec: Record<string, ParamKind>, required: string[] = []): ExportParams {
  const problems: FieldProblem[] = [];
  const values: Record<string, string | number> = {};
  let format: ExportFormat = 'csv';
  for (const [name, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') {
      problems.push({ path: name, message: `${name} must be given once, as text` });
    } else if (name === 'format') {
      if (FORMATS.includes(raw as ExportFormat)) format = raw as ExportFormat;
      else problems.push({ path: name, message: 'format must be csv or xlsx' });
    } else if (!(name in spec)) {
      problems.push({ path: name, message: `Unknown parameter; this export takes ${['format', ...Object.keys(spec)].join(', ')}` });
    } else {
      const problem = check(name, raw, spec[name]);
      if (problem) problems.push({ path: name, message: problem });
      else values[name] = spec[name] === 'int' ? Number(raw) : raw;
    }
  }
  for (const name of required) if (!(name in query)) problems.push({ path: name, message: `${name} is required` });
  if (problems.length) throw HubError.badInput(problems);
  return { format, values };
}

function check(name: string, raw: string, kind: ParamKind): string | null {
  if (kind === 'int') return /^-?\d{1,9}$/.test(raw) ? null : `${name} must be a whole number`;
  if (kind === 'uuid') return UUID.test(raw) ? null : `${name} must be an id`;
  if (kind === 'text') return raw.length > 0 && raw.length <= 200 ? null : `${name} must be 1 to 200 characters`;
  return Object.values(kind.enum).includes(raw) ? null : `${name} must be one of ${Object.values(kind.enum).join(', ')}`;
}

/** The twin's filter input with its own validation rules (class-validator, as type-graphql runs them). */
export async function filterOf<F extends object>(Filter: new () => F, values: Record<string, unknown>, fields: readonly string[]): Promise<F | undefined> {
  const given = fields.filter((f) => values[f] !== undefined);
  if (!given.length) return undefined;
  const filter = Object.assign(new Filter(), Object.fromEntries(given.map((f) => [f, values[f]])));
  const errors = await validate(filter, { forbidUnknownValues: false, skipMissingProperties: true });
  if (errors.length) throw HubError.badInput(validationFields(errors));
  return filter;
}
