import { PushOutcome } from './push.types';

/** A create-or-replace push's answer: the count of each outcome beside every item's result in input order (households and projects alike). */
export function pushSummary<R extends { outcome: PushOutcome }>(results: R[]) {
  const count = (o: PushOutcome) => results.filter((r) => r.outcome === o).length;
  return {
    created: count(PushOutcome.CREATED),
    updated: count(PushOutcome.UPDATED),
    unchanged: count(PushOutcome.UNCHANGED),
    rejected: count(PushOutcome.REJECTED),
    results,
  };
}
