import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { HubError } from '../../graphql/hub-error';
import { normaliseIdNumber } from '../id-number/id-number';
import type { SharingPolicy } from '../sharing-policies/sharing-policy.rules';
import { visibleLookupFacts } from './person-lookup.policy';
import type { PersonLookup } from './person-lookup.type';
import { PersonsRepository } from './persons.repository';

/** Most ID numbers one `lookupPersons` call may carry. */
export const LOOKUP_MAX = 1000;

export class PersonsService {
  private readonly repo: PersonsRepository;

  /** `policy`: a ministry's data-sharing agreement, which cuts the household facts of each answer. */
  constructor(
    em: EntityManager,
    private readonly caller: Caller,
    private readonly policy?: SharingPolicy,
  ) {
    this.repo = new PersonsRepository(em);
  }

  /** One answer per input, in input order; invalid inputs are answered, not thrown. */
  async lookup(inputs: string[]): Promise<PersonLookup[]> {
    if (inputs.length > LOOKUP_MAX) {
      throw HubError.badInput([{ path: 'idNumbers', message: `At most ${LOOKUP_MAX} ID numbers a call; ${inputs.length} were sent` }], 'Too many ID numbers');
    }
    const parsed = inputs.map((input) => ({ input, result: normaliseIdNumber(input) }));
    const valid = [...new Set(parsed.flatMap((p) => (p.result.ok ? [p.result.idNumber] : [])))];
    const found = await this.repo.findActiveByIdNumbers(valid);
    return parsed.map(({ input, result }) => {
      if (!result.ok) return { ...EMPTY, input, reason: result.reason };
      const fact = found.get(result.idNumber);
      const base = { ...EMPTY, input, idNumber: result.idNumber, valid: true };
      if (!fact) return base;
      const answer = { ...base, registered: true, ...visibleLookupFacts(this.caller, fact) };
      return this.policy ? this.policy.lookup(answer) : answer;
    });
  }
}

const EMPTY: Omit<PersonLookup, 'input'> = {
  idNumber: null,
  valid: false,
  reason: null,
  registered: false,
  householdStatus: null,
  provinceCode: null,
  registryNo: null,
};
