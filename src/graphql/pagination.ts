import { type ClassType, Field, ObjectType } from 'type-graphql';
import { HubError } from './hub-error';

@ObjectType({ description: 'Relay page information', simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Default and maximum page sizes of every connection. */
export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 500;

/** Builds the `XConnection` and `XEdge` object types of a node type. */
export function Connection<T extends object>(Node: ClassType<T>, name: string) {
  // Every page's edges are plain objects: property reads, not type-graphql's per-field wrapper.
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType({ simpleResolvers: true })
  abstract class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/** Keyset cursors: opaque to clients, an id inside. */
export function encodeCursor(id: number | string): string {
  return Buffer.from(`k:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, argName = 'after'): number | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const raw = Buffer.from(cursor, 'base64url').toString();
  const match = /^k:(\d{1,15})$/.exec(raw);
  if (!match) throw HubError.badInput([{ path: argName, message: 'Not a cursor returned by this API' }]);
  return Number(match[1]);
}

/** Validates `first`, applying the default. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return PAGE_DEFAULT;
  if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX) {
    throw HubError.badInput([{ path: 'first', message: `first must be between 1 and ${PAGE_MAX}` }]);
  }
  return first;
}

/** A page as a connection type serves it, whatever object its nodes are (plain rows, mostly). */
export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Cuts a `limit + 1` fetch into a page. */
export function toPage<T>(rows: T[], limit: number, idOf: (row: T) => number | string): Page<T> {
  const hasNextPage = rows.length > limit;
  const nodes = hasNextPage ? rows.slice(0, limit) : rows;
  const edges = nodes.map((node) => ({ cursor: encodeCursor(idOf(node)), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}
