import type { EntityManager } from '@mikro-orm/postgresql';
import { types } from 'pg';
import { type TransactionLike, sendInTurn } from './one-statement-at-a-time';

/** A value PostgreSQL receives as a bind parameter (arrays as arrays: `= any(${ids}::int[])`). */
export type SqlValue = string | number | bigint | boolean | null | Date | Buffer | ReadonlyArray<string | number | boolean | null>;

/** A quoted name (a table or column chosen by code, such as a batch's own partition). */
class Identifier {
  constructor(readonly name: string) {}
}

type Part = { kind: 'text'; text: string } | { kind: 'value'; value: SqlValue } | { kind: 'ident'; name: string };

/**
 * One SQL statement or fragment: text written in code, and values that always travel
 * as bind parameters. Built only by the `sql` tag, so no value can become SQL text.
 */
export class Sql {
  /** @internal */
  constructor(readonly parts: readonly Part[]) {}

  /** knex's raw form (`?` values, `??` identifiers, literal `?` escaped), run by `runSql`. */
  toKnex(): { text: string; bindings: Array<SqlValue> } {
    const bindings: SqlValue[] = [];
    const text = this.parts
      .map((p) => {
        if (p.kind === 'text') return p.text.replace(/\?/g, '\\?');
        bindings.push(p.kind === 'value' ? p.value : p.name);
        return p.kind === 'value' ? '?' : '??';
      })
      .join('');
    return { text, bindings };
  }

  /**
   * The text of a command that takes no bind parameters (COPY, VACUUM), identifiers
   * quoted; refuses a statement with values, which only `toPg()` may carry.
   */
  toPgText(): string {
    const { text, values } = this.toPg();
    if (values.length) throw new Error('this command takes no parameters; values must not become its text');
    return text;
  }

  /**
   * For commands that take no bind parameters but wrap a query (`COPY (select …) TO STDOUT`): each
   * value is bound to a transaction-local setting (`settings`, set first by a bound `set_config`)
   * and the text reads it back, so no value ever becomes SQL text. A setting reads as text: the
   * query's casts (`${id}::uuid`) type it, as they type a bind parameter.
   */
  toSettingsBound(): { text: string; settings: Array<{ name: string; value: string }> } {
    const settings: Array<{ name: string; value: string }> = [];
    const text = this.parts
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.kind === 'ident') return quoteIdentifier(p.name);
        const value = settingText(p.value);
        if (value === null) return 'null';
        const name = `hub.bound_${settings.length + 1}`;
        settings.push({ name, value });
        return `current_setting('${name}')`;
      })
      .join('');
    return { text, settings };
  }

  /** pg's native form (`$1`, quoted identifiers), for code that holds a pg client itself. */
  toPg(): { text: string; values: SqlValue[] } {
    const values: SqlValue[] = [];
    const text = this.parts
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.kind === 'ident') return quoteIdentifier(p.name);
        values.push(p.value);
        return `$${values.length}`;
      })
      .join('');
    return { text, values };
  }
}

type Interpolation = SqlValue | Sql | Identifier;

/** The one way to write SQL: `sql\`select … where id = ${id} and ${fragment}\``. */
export function sql(strings: TemplateStringsArray, ...args: Interpolation[]): Sql {
  const parts: Part[] = [];
  strings.forEach((text, i) => {
    if (text) parts.push({ kind: 'text', text });
    if (i < args.length) parts.push(...partsOf(args[i]));
  });
  return new Sql(parts);
}

function partsOf(arg: Interpolation): Part[] {
  if (arg instanceof Sql) return [...arg.parts];
  if (arg instanceof Identifier) return [{ kind: 'ident', name: arg.name }];
  return [{ kind: 'value', value: arg }];
}

/** A table or column name chosen by code; dotted names quote each part. */
sql.ident = (name: string): Identifier => new Identifier(name);

/** Fragments side by side; the separator is SQL text written in code (`', '`, `' and '`). */
sql.join = (fragments: readonly Sql[], separator: ', ' | ' and ' | ' or ' | ' union all ' | '\n' = ', '): Sql =>
  new Sql(fragments.flatMap((f, i) => (i === 0 ? [...f.parts] : [{ kind: 'text' as const, text: separator }, ...f.parts])));

/** No SQL at all (an optional condition left out). */
sql.empty = new Sql([]);

/** `where a and b`, or nothing when there is no condition. */
sql.where = (conditions: readonly Sql[]): Sql => (conditions.length ? sql`where ${sql.join(conditions, ' and ')}` : sql.empty);

/** A value as the quoted literal PostgreSQL reads it from (never bare text: `- ${-1}` must not become a comment). */
/** A value as the text a setting holds (PostgreSQL's input form of its type); null stays null. */
function settingText(value: SqlValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('a number bound into SQL must be finite');
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  return `{${value.map(arrayElement).join(',')}}`;
}

/** One element of an array literal: quoted, with `"` and `\\` escaped; NULL unquoted. */
function arrayElement(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  return `"${String(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function quoteIdentifier(name: string): string {
  return name
    .split('.')
    .map((p) => `"${p.replace(/"/g, '""')}"`)
    .join('.');
}

/** pg's OID of `timestamptz`. */
const TIMESTAMPTZ = 1184;
/** pg's own text parser of `timestamptz` (the global default; MikroORM's pool overrides it with one that keeps the text). */
const parseInstant = types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => Date;

export interface RawResult<T> {
  rows: T[];
  fields?: Array<{ name: string; dataTypeID: number }>;
}

/**
 * Runs a statement inside the EntityManager's transaction when it has one, values as
 * server-side bind parameters (MikroORM's `execute()` would inline them into the text).
 * Columns of type `timestamptz` come back as `Date`s (see `withInstants`).
 */
export async function runSql<T>(em: EntityManager, statement: Sql): Promise<T[]> {
  const trx = em.getTransactionContext<TransactionLike>();
  if (trx) {
    const { text, values } = statement.toPg();
    const direct = sendInTurn(trx, text, values);
    if (direct) return withInstants((await direct) as RawResult<T>);
  }
  const { text, bindings } = statement.toKnex();
  const query = em
    .getConnection()
    .getKnex()
    .raw(text, bindings as never);
  if (trx) query.transacting(trx as never);
  return withInstants((await query) as RawResult<T>);
}

/**
 * MikroORM's pool keeps timestamps as text so that its hydration can convert
 * them per entity property; raw rows have no entity, so the conversion happens
 * here, chosen by each column's type in the row description (no column list
 * to keep in step with the SQL). `date` columns stay `YYYY-MM-DD` text: a
 * calendar day has no instant, and a `Date` would shift it by the time zone.
 */
export function withInstants<T>(result: RawResult<T>): T[] {
  const instants = (result.fields ?? []).filter((f) => f.dataTypeID === TIMESTAMPTZ).map((f) => f.name);
  if (!instants.length) return result.rows;
  for (const row of result.rows as Array<Record<string, unknown>>) {
    for (const name of instants) if (typeof row[name] === 'string') row[name] = parseInstant(row[name] as string);
  }
  return result.rows;
}
