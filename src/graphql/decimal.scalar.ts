import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Yuan as PostgreSQL's numeric(14,2) holds them: up to 12 digits before the
 * point and at most 2 after, no exponent, no leading zeros, no plus sign.
 */
const DECIMAL = /^(-?)(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;
/** What the hub answers: sums over many rows may pass the 12 digits of one stored amount, never 2 decimals. */
const ANSWER = /^-?(0|[1-9]\d{0,19})\.\d{2}$/;

/** A money amount as text: canonical, with exactly two decimals ("12345.60"). Never a float. */
export type Decimal = string;

/** The canonical form of a decimal string, or why it is not one. Pure string work: no float is ever made. */
export function parseDecimal(text: string): { ok: true; value: Decimal } | { ok: false; reason: string } {
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, reason: decimalProblem(text) };
  const value = `${m[2]}.${(m[3] ?? '').padEnd(2, '0')}`;
  return { ok: true, value: m[1] && value !== '0.00' ? `-${value}` : value };
}

function decimalProblem(text: string): string {
  if (/^-?\d+\.\d{3,}$/.test(text)) return `"${text.slice(0, 40)}" has more than 2 decimals; amounts are exact to the fen`;
  if (/[eE]/.test(text) && /^[-+\d.eE]+$/.test(text)) return 'Exponents (such as 1e5) are not accepted; write the digits out';
  if (/^-?\d{13,}(\.\d*)?$/.test(text)) return 'At most 12 digits before the decimal point';
  return 'A Decimal is digits with at most 2 decimals, such as "12345.60"';
}

/** True for an amount above zero (the canonical form of a positive amount has no sign and is not 0.00). */
export function isPositiveDecimal(value: Decimal): boolean {
  return !value.startsWith('-') && value !== '0.00';
}

/**
 * A literal's problem is thrown as a plain Error: graphql-js only attaches the
 * literal's location (from which the hub names its input path) to errors it wraps itself.
 */
function parseOrThrow(value: unknown, Problem: new (message: string) => Error = GraphQLError): Decimal {
  if (typeof value !== 'string') throw new Problem('A Decimal is sent as a string, such as "12345.60", never as a number');
  const parsed = parseDecimal(value);
  if (!parsed.ok) throw new Problem(parsed.reason);
  return parsed.value;
}

/**
 * `Decimal`: an exact amount of yuan as a string of at most 2 decimals. Input is
 * only a string (a JSON number has already been through a float); the value
 * reaching a resolver is canonical, and SQL takes it as numeric.
 */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'An exact amount of yuan as a string with at most 2 decimals ("12345.60"); never a float',
  // An answer is numeric text rounded to the fen in SQL; anything else (a float, more decimals) is a bug, not data.
  serialize(value) {
    if (typeof value === 'string' && ANSWER.test(value)) return value;
    return parseOrThrow(value);
  },
  parseValue: (value) => parseOrThrow(value),
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new Error('A Decimal is written as a string, such as "12345.60", never as a number');
    return parseOrThrow(ast.value, Error);
  },
});
