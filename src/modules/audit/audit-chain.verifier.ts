import type { EntityManager } from '@mikro-orm/postgresql';
import { countChainLinks, firstBrokenLink, unlinkedRows } from './audit-chain.repository';

/** Audit rows of transactions that may still be running: the next seal links them. */
export interface UnsealedTail {
  rows: number;
  oldestSeconds: number;
}

/** The outcome of checking the audit chain. */
export type ChainCheck =
  { intact: true; rows: number; unsealed: UnsealedTail } | { intact: false; rows: number; auditId: number; seq: number | null; problem: string };

/**
 * Recomputes the sealed chain and names the first link that does not hold: a
 * row altered after it was sealed, a link removed, or an audit row below the
 * last seal's mark that was never linked. Rows above the mark are the unsealed
 * tail, reported and not held against the chain.
 */
export async function verifyAuditChain(em: EntityManager): Promise<ChainCheck> {
  const rows = await countChainLinks(em);
  const broken = await firstBrokenLink(em);
  if (broken) return { intact: false, rows, seq: broken.seq, auditId: broken.auditId, problem: broken.problem };
  const outside = await unlinkedRows(em);
  if (outside.firstAround !== null) {
    return { intact: false, rows, seq: null, auditId: outside.firstAround, problem: 'the audit row is not in the chain (inserted around it)' };
  }
  return { intact: true, rows, unsealed: { rows: outside.unsealed, oldestSeconds: outside.oldestUnsealedSeconds } };
}
