import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * What the lint rules of eslint.config.mjs cannot see: SQL glued with `+`, SQL in
 * plain strings, and home-made placeholders (`?`, `$name`, `:name`) inside sql`...`.
 * Every statement is written with the `sql` tag (src/db/sql.ts); values are bound.
 */

const SRC = path.join(__dirname, '../../src');

const STATEMENT =
  /^\s*\(?\s*(select\s[\s\S]*\bfrom\b|insert\s+into\b|update\s+\w+(\s+as\s+\w+|\s+\w+)?\s+set\b|delete\s+from\b|with\s+\w+\s+as\b|alter\s+role\b|create\s+database\b|copy\s[\s\S]*\b(from\s+stdin|to\s+stdout)\b)/i;
const PLACEHOLDERS: Array<[RegExp, string]> = [
  [/(=|\(|,|\bin|\blimit|\boffset)\s*\?(?![|&])/i, '`?` placeholder'],
  [/\?::/, '`?` placeholder'],
  [/(?<![\w$])\$(?!\$)[A-Za-z_]\w*/, '`$name` placeholder'],
  [/(?<![:\w'])(?<!\d):[A-Za-z_]\w*(?!')/, '`:name` placeholder'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const isSqlTag = (tag: ts.Expression) => ts.isIdentifier(tag) && tag.text === 'sql';
const textOf = (n: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression) =>
  ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join('${}') : n.text;

function findings(name: string, code: string): string[] {
  const source = ts.createSourceFile(name, code, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const where = (n: ts.Node) => `${name}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(n) && isSqlTag(n.tag)) {
      const text = ts.isNoSubstitutionTemplateLiteral(n.template) ? n.template.text : textOf(n.template);
      for (const [re, what] of PLACEHOLDERS) if (re.test(text.replace(/'[^']*'/g, "''"))) found.push(`${where(n)}: ${what} in sql\`...\``);
    } else if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) && !ts.isTaggedTemplateExpression(n.parent)) {
      if (!ts.isImportDeclaration(n.parent) && STATEMENT.test(textOf(n))) found.push(`${where(n)}: SQL in a plain string (write it with the sql tag)`);
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const sides = [n.left, n.right].filter((s) => ts.isStringLiteral(s) || ts.isNoSubstitutionTemplateLiteral(s) || ts.isTemplateExpression(s));
      if (
        sides.some(
          (s) =>
            /\b(select|insert|update|delete|where|from|join|and|or)\b/i.test(textOf(s as ts.StringLiteral)) &&
            /[=<>(]|\b(where|from|join)\b/i.test(textOf(s as ts.StringLiteral)),
        )
      ) {
        found.push(`${where(n)}: SQL glued with + (compose sql\`...\` fragments)`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

describe('one SQL convention in src/', () => {
  const files = sourceFiles(SRC).map((f) => path.relative(SRC, f));

  it('writes every statement with the sql tag, never in a plain string, glued with +, or with home-made placeholders', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => findings(f, readFileSync(path.join(SRC, f), 'utf8')))).toEqual([]);
  });

  it('finds SQL in plain strings, glued SQL and home-made placeholders, and leaves casts, jsonb ? and quoted text alone', () => {
    const probe = (code: string) => findings('probe.ts', code).map((f) => f.replace(/^probe\.ts:\d+: /, ''));
    expect(probe(`em.execute('select id from households where id = 1')`)).toEqual(['SQL in a plain string (write it with the sql tag)']);
    expect(probe(`const q = 'select * from t where id = ' + id;`)).toEqual([
      'SQL glued with + (compose sql`...` fragments)',
      'SQL in a plain string (write it with the sql tag)',
    ]);
    expect(probe(`const w = ' and h.province_code = ' + p;`)).toEqual(['SQL glued with + (compose sql`...` fragments)']);
    expect(probe('sql`select 1 from t where a = ?`')).toEqual(['`?` placeholder in sql`...`']);
    expect(probe('sql`select 1 from t where x.tenant_code = $tenant`')).toEqual(['`$name` placeholder in sql`...`']);
    expect(probe('sql`select extract(year from age(:ref, m.birth_date))`')).toEqual(['`:name` placeholder in sql`...`']);
    expect(probe("sql`select a::int, '{}'::text[], to_char(x, 'HH24:MI'), e.changes ? 'k' from t where c = ${1}::int and d ?| array['x']`")).toEqual([]);
    expect(probe('sql`do $$ begin perform 1; end $$`')).toEqual([]);
    expect(probe('const message = `The member would be over ${n} years old`;')).toEqual([]);
  });
});
