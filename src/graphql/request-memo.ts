import type { HubLoaders } from './hub-loaders';

const memos = new WeakMap<HubLoaders, Map<symbol, unknown>>();

/**
 * A per-request value built on first use, such as a feature's loaders that need more of the request than
 * createLoaders gets (its id, to audit a read): kept beside the request's loaders and dropped with them.
 */
export function requestMemo<T>(loaders: HubLoaders, key: symbol, build: () => T): T {
  let memo = memos.get(loaders);
  if (!memo) memos.set(loaders, (memo = new Map()));
  if (!memo.has(key)) memo.set(key, build());
  return memo.get(key) as T;
}
