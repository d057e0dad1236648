import type { Caller } from '../../auth/caller';
import type { ActiveMemberFact } from './persons.repository';

/** What of a found person a caller may see beyond "registered". */
export interface VisibleLookupFacts {
  householdStatus: ActiveMemberFact['householdStatus'] | null;
  provinceCode: string | null;
  registryNo: string | null;
}

/**
 * Every tenant learns whether a person is registered, with the household's
 * status and province (what eligibility needs). The registry number, the key
 * to the household's file, goes only to LGOP and the owning province.
 */
export function visibleLookupFacts(caller: Caller, fact: ActiveMemberFact): VisibleLookupFacts {
  const scope = caller.scope;
  const owns = scope.kind === 'ALL' || (scope.kind === 'PROVINCE' && scope.provinceCode === fact.provinceCode);
  return {
    householdStatus: fact.householdStatus,
    provinceCode: fact.provinceCode,
    registryNo: owns ? fact.registryNo : null,
  };
}
