import type { EntityManager } from '@mikro-orm/postgresql';
import { countChainLinks, firstBrokenLink, firstUnlinkedRow } from './audit.repository';

/** The outcome of checking the audit chain. */
export type ChainCheck = { intact: true; rows: number } | { intact: false; rows: number; auditId: number; seq: number | null; problem: string };

/**
 * Recomputes the whole chain and names the first link that does not hold: a
 * row altered after it was written, a link removed, or an audit row that was never linked.
 */
export async function verifyAuditChain(em: EntityManager): Promise<ChainCheck> {
  const rows = await countChainLinks(em);
  const broken = await firstBrokenLink(em);
  if (broken) return { intact: false, rows, seq: broken.seq, auditId: broken.auditId, problem: broken.problem };
  const unlinked = await firstUnlinkedRow(em);
  if (unlinked !== undefined) return { intact: false, rows, seq: null, auditId: unlinked, problem: 'the audit row is not in the chain (inserted around it)' };
  return { intact: true, rows };
}
