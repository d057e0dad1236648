// The house rules that a machine can check: no import cycles, files of about 300 lines and
// functions of about 40, typescript-eslint's recommended set; formatting is Prettier's.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';

// One SQL convention (src/db/sql.ts): statements are written with the `sql` tag, values always bound,
// and run by `runSql` (or `.toPg()` on a pg client) from a module's *.repository.ts; only src/db/ reaches
// the driver underneath.
const SQL_FILES = { src: ['src/**/*.ts'], db: ['src/db/**/*.ts'], repositories: ['src/**/*.repository.ts'], rules: ['src/**/*.rules.ts', 'src/**/*.rule.ts'] };

const SQL_KEYWORDS = String.raw`/\b(select|insert into|update|delete from|where|returning|on conflict|set_config|alter role|create database|vacuum|analyze)\b/i`;

/** (a) the driver underneath (MikroORM's execute inlines values; knex and pg take any text) belongs to src/db/. */
const driverCalls = [
  {
    selector: "CallExpression[callee.property.name='execute']",
    message: 'Run SQL with runSql(em, sql`...`) from a *.repository.ts; em.execute/connection.execute inline values into the text.',
  },
  {
    selector: "CallExpression[callee.property.name='getKnex']",
    message: 'knex is src/db/ infrastructure (runSql, pool-clients.ts); write statements with the sql tag.',
  },
  { selector: "CallExpression[callee.property.name='raw']", message: 'knex.raw takes any text; write statements with the sql tag and run them with runSql.' },
  {
    selector: "CallExpression[callee.property.name='query'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
    message: 'A pg client runs sql`...`.toPg() (or .toPgText() for COPY), not a string.',
  },
];

/** (c) an untagged template literal with substitutions that reads like SQL: values (or anything) spliced into SQL text. */
const splicedSql = [
  {
    selector: `TemplateLiteral[expressions.length>0]:not(TaggedTemplateExpression > TemplateLiteral):has(TemplateElement[value.raw=${SQL_KEYWORDS}])`,
    message: 'SQL text with ${...} in a plain template literal: write it with the sql tag, so values are bound and fragments compose (sql.ident for names).',
  },
];

const restrictedSqlImports = (names) => ({
  patterns: [
    ...(names.length
      ? [
          {
            group: ['**/db/sql'],
            importNames: names,
            allowTypeImports: true,
            message: 'Only a *.repository.ts (and src/db/) runs statements (runSql); the sql tag builds them there and in *.rules.ts.',
          },
        ]
      : []),
    { group: ['**/db/bound-query'], message: 'boundQuery is gone: use runSql(em, sql`...`) in a *.repository.ts.' },
  ],
});

function sqlConvention() {
  return [
    {
      files: SQL_FILES.src,
      rules: {
        'no-restricted-syntax': ['error', ...driverCalls, ...splicedSql],
        '@typescript-eslint/no-restricted-imports': ['error', restrictedSqlImports(['runSql', 'sql'])],
      },
    },
    // Rule definitions may build Sql fragments (data-quality rules), but never run them.
    { files: SQL_FILES.rules, rules: { '@typescript-eslint/no-restricted-imports': ['error', restrictedSqlImports(['runSql'])] } },
    { files: SQL_FILES.repositories, rules: { '@typescript-eslint/no-restricted-imports': ['error', restrictedSqlImports([])] } },
    { files: SQL_FILES.db, rules: { 'no-restricted-syntax': ['error', ...splicedSql], '@typescript-eslint/no-restricted-imports': 'off' } },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'console/dist/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', 'console/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['./tsconfig.json', './console/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true, IIFEs: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...sqlConvention(),
  {
    // Tests, benchmarks and migrations read as scripts: a describe block or a migration is one long function by nature.
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'migrations/**/*.ts'],
    rules: { 'max-lines-per-function': 'off', 'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }] },
  },
);
