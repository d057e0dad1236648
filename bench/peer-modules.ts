import Module from 'node:module';
import path from 'node:path';

type Resolve = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;

/** The packages of PostGraphile 4 that require graphql (15) or graphile-build themselves. */
const PEER_PACKAGES =
  /[\\/]node_modules[\\/](postgraphile|postgraphile-core|graphile-build|graphile-build-pg|graphile-utils|graphql-parse-resolve-info|graphql-ws|subscriptions-transport-ws)[\\/]/;
/** The modules each of them must share with the others (one realm). */
const SHARED = /^(graphql|graphile-build)(\/.*)?$/;

let installed = false;

/**
 * PostGraphile 4 for the peer bench, with one graphql and one graphile-build.
 * The hub needs graphql 16 at the top of node_modules, and PostGraphile 4 works
 * with graphql 15 only, so npm installs graphql 15 twice (under postgraphile and
 * under graphile-build-pg, each with its own graphile-build) and
 * graphql-parse-resolve-info resolves the hub's 16: graphql then refuses the
 * mix ("Cannot use GraphQLScalarType "Int" from another module or realm").
 * This points every `require('graphql…' | 'graphile-build…')` made inside
 * PostGraphile's packages at the copies under node_modules/postgraphile; nothing
 * outside them (the hub) is affected. Loaded on demand, so other benches never load PostGraphile.
 */
export function loadPostGraphile(): typeof import('postgraphile') {
  if (!installed) {
    const own = path.join(path.dirname(require.resolve('postgraphile/package.json')), 'node_modules');
    const m = Module as unknown as { _resolveFilename: Resolve };
    const resolve = m._resolveFilename;
    m._resolveFilename = function (request, parent, ...rest) {
      if (SHARED.test(request) && PEER_PACKAGES.test(parent?.filename ?? '')) return resolve.call(this, path.join(own, request), parent, ...rest);
      return resolve.call(this, request, parent, ...rest);
    };
    installed = true;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('postgraphile') as typeof import('postgraphile');
}
