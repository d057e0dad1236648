import { sql } from '../../src/db/sql';

describe('the sql tag', () => {
  const id = 42;
  const name = "o'brien; drop table households --";
  const cond = sql`h.county_code = ${'520102'}`;
  const statement = sql`select * from ${sql.ident('batch_records_1')} h where h.id = ${id} and h.name = ${name} and ${cond} and h.extra ? 'k'`;

  it('binds every value as a parameter and never puts it into the text (pg form)', () => {
    const { text, values } = statement.toPg();
    expect(text).toBe(`select * from "batch_records_1" h where h.id = $1 and h.name = $2 and h.county_code = $3 and h.extra ? 'k'`);
    expect(values).toEqual([42, name, '520102']);
    expect(text).not.toContain('brien');
  });

  it("renders knex's raw form with ? for values, ?? for names and literal ? escaped", () => {
    const { text, bindings } = statement.toKnex();
    expect(text).toBe(`select * from ?? h where h.id = ? and h.name = ? and h.county_code = ? and h.extra \\? 'k'`);
    expect(bindings).toEqual(['batch_records_1', 42, name, '520102']);
  });

  it('quotes identifiers, dotted ones part by part, doubling quotes inside', () => {
    expect(sql`select ${sql.ident('public.we"ird')}`.toPg().text).toBe('select "public"."we""ird"');
  });

  it('joins fragments and leaves out an empty where', () => {
    const conds = [sql`a = ${1}`, sql`b = ${[1, 2]}`];
    expect(sql`select 1 ${sql.where(conds)}`.toPg()).toEqual({ text: 'select 1 where a = $1 and b = $2', values: [1, [1, 2]] });
    expect(sql`select 1 ${sql.where([])}`.toPg()).toEqual({ text: 'select 1 ', values: [] });
    expect(sql.join([sql`x`, sql`y`]).toPg().text).toBe('x, y');
  });
});

describe('toPgText', () => {
  it('gives the text of a command without values and refuses one with values', () => {
    expect(sql`copy ${sql.ident('households')} (${sql.join([sql`${sql.ident('id')}`, sql`${sql.ident('name')}`])}) from stdin`.toPgText()).toBe(
      'copy "households" ("id", "name") from stdin',
    );
    expect(() => sql`vacuum ${sql.ident('members')} where ${1}`.toPgText()).toThrow(/no parameters/);
  });
});
