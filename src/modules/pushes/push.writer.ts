import type { EntityManager } from '@mikro-orm/postgresql';
import { type NewHouseholdEvent, appendHouseholdEvents } from '../households/household-events.repository';
import { linkCorrectedCases } from '../discrepancy-cases/case-opening.repository';
import { HouseholdEventType } from '../households/household.enums';
import { eventChanges } from './push.diff';
import type { Decision } from './push.planner';
import type { PushRepository } from './push.repository';
import { PushOutcome } from './push.types';
import { emitHouseholdsChanged } from '../webhooks/webhook-events.repository';

type WriteDecision = Extract<Decision, { outcome: PushOutcome.CREATED | PushOutcome.UPDATED }>;

/** Who writes, for the events. */
export interface Writer {
  tenantCode: string;
  requestId: string;
}

/**
 * Writes the accepted households in four statements: households, retired
 * members, upserted members, events. Returns the new version by registry number.
 */
export async function writeDecisions(em: EntityManager, repo: PushRepository, decisions: Decision[], writer: Writer): Promise<Map<string, number>> {
  const writes = decisions.filter((d): d is WriteDecision => d.outcome === PushOutcome.CREATED || d.outcome === PushOutcome.UPDATED);
  if (!writes.length) return new Map();
  const saved = await repo.upsertHouseholds(writes.map(({ record: { members: _m, ...household } }) => household));
  await repo.retireMembers(writes.flatMap((d) => d.diff.removed.map((m) => m.id)));
  await repo.upsertMembers(
    writes.flatMap((d) => [...d.diff.added, ...d.diff.changed.map((c) => c.record)].map((m) => ({ ...m, householdId: saved.get(d.registryNo)!.id }))),
  );
  await appendHouseholdEvents(
    em,
    writes.map((d) => toEvent(d, saved.get(d.registryNo)!, writer)),
  );
  const ids = [...saved.values()].map((h) => h.id);
  await linkCorrectedCases(em, ids);
  await emitHouseholdsChanged(em, ids);
  return new Map([...saved].map(([registryNo, s]) => [registryNo, s.version]));
}

function toEvent(d: WriteDecision, saved: { id: number; version: number }, writer: Writer): NewHouseholdEvent {
  return {
    householdId: saved.id,
    provinceCode: d.record.provinceCode,
    type: d.outcome === PushOutcome.CREATED ? HouseholdEventType.IDENTIFIED : HouseholdEventType.UPDATED,
    changes: eventChanges(d.diff),
    tenantCode: writer.tenantCode,
    requestId: writer.requestId,
    version: saved.version,
  };
}
