import type { AppConfig } from '../config/config';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from '../demo/staff-seed.service';

const EXAMPLE_QUERY = `query {
  households(filter: { status: POOR }, first: 3) {
    edges { node { registryNo villageCode status primaryCause members { name relationship idNumber } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** What a newcomer needs after `npm start`: where the API is, one query, and how to get a token. */
export function printBanner(config: AppConfig): void {
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/graphql`;
  const lines = [
    '',
    '  Poverty-alleviation data-exchange hub is running.',
    '',
    `  GraphQL:   POST ${url}`,
    `  Health:    GET  ${url.replace('/graphql', '/healthz')}   GET ${url.replace('/graphql', '/readyz')}`,
    '  Token:     npm run -s token -- P52        (any tenant: LGOP, MOE, MCA, NHFPC, MOHRSS, MOHURD, MPS, CDPF, P13 ... P62)',
    '',
    '  Example:',
    `    TOKEN=$(npm run -s token -- P52)`,
    `    curl -s ${url} -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
    `      -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') })}'`,
    '',
    ...(config.nodeEnv === 'production'
      ? []
      : [
          `  Console accounts (demo only): ${DEMO_STAFF.map((u) => `${u.username} (${u.tenantCode}, ${u.role.toLowerCase()})`).join(', ')}`,
          `    password ${DEMO_STAFF_PASSWORD}; log in: curl -c jar -H 'content-type: application/json' \\`,
          `      -d '{"tenant":"P52","username":"gz.clerk","password":"${DEMO_STAFF_PASSWORD}"}' ${url.replace('/graphql', '/auth/login')}`,
          '',
        ]),
    config.embedded ? `  Data is kept in ${config.dataDir}; Ctrl-C stops everything.` : '  Ctrl-C stops the API and the worker.',
    '',
  ];
  console.log(lines.join('\n'));
}
