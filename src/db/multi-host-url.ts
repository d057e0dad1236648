/**
 * libpq's multi-host URLs (`postgres://u:p@h1:5432,h2:5432/db?target_session_attrs=read-write`),
 * which node-pg does not read: it takes one host. The hub keeps the host list and the
 * wanted session kind here, and hands pg a one-host URL (see node-locator.ts).
 */
export type SessionAttrs = 'any' | 'read-write' | 'primary' | 'prefer-standby' | 'standby';

export interface HostPort {
  host: string;
  port: number;
}

export interface DatabaseUrlParts {
  hosts: HostPort[];
  attrs: SessionAttrs;
  /** The URL with the first host only and no target_session_attrs: what pg is given. */
  singleHostUrl: string;
}

const SHAPE = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/;
const ATTRS: SessionAttrs[] = ['any', 'read-write', 'primary', 'prefer-standby', 'standby'];

export function parseDatabaseUrl(url: string): DatabaseUrlParts {
  const m = SHAPE.exec(url);
  if (!m) throw new Error('not a postgres:// URL');
  const [, scheme, auth = '', hostList, rest] = m;
  const hosts = hostList.split(',').map(hostPort);
  const single = new URL(`${scheme}${auth}${hostList.split(',')[0]}${rest}`);
  const attrs = (single.searchParams.get('target_session_attrs') ?? 'any') as SessionAttrs;
  if (!ATTRS.includes(attrs)) throw new Error(`target_session_attrs=${attrs} is not one of ${ATTRS.join(', ')}`);
  single.searchParams.delete('target_session_attrs');
  return { hosts, attrs, singleHostUrl: single.toString() };
}

function hostPort(text: string): HostPort {
  const at = text.lastIndexOf(':');
  const [host, port] = at > 0 && !text.endsWith(']') ? [text.slice(0, at), Number(text.slice(at + 1))] : [text, 5432];
  if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`not a host:port: ${text}`);
  return { host, port };
}

/** Applies `change` to the URL as a one-host URL and puts the host list back (roles' URLs derive from the owner's). */
export function mapDatabaseUrl(url: string, change: (u: URL) => void): string {
  const m = SHAPE.exec(url);
  if (!m) throw new Error('not a postgres:// URL');
  const [, scheme, auth = '', hostList, rest] = m;
  const [first] = hostList.split(',');
  const u = new URL(`${scheme}${auth}${first}${rest}`);
  change(u);
  const text = u.toString();
  if (!hostList.includes(',')) return text;
  const at = text.indexOf(u.host, Math.max(text.indexOf('@'), scheme.length));
  return `${text.slice(0, at)}${hostList}${text.slice(at + u.host.length)}`;
}

/** A one-host URL for node `h` of a parsed URL (pg lets the connection string win over host/port options). */
export function nodeUrl(parts: DatabaseUrlParts, h: HostPort): string {
  const url = new URL(parts.singleHostUrl);
  url.host = `${h.host}:${h.port}`;
  return url.toString();
}
