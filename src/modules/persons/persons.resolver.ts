import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import { isPolicyBound } from '../sharing-policies/policy-bound';
import { PersonLookup } from './person-lookup.type';
import { PersonsService } from './persons.service';
import { AuditRead } from '../audit/read-audit';

@Resolver()
export class PersonsResolver {
  @Query(() => [PersonLookup], {
    description: 'Up to 1,000 ID numbers in any input form; one answer per input, in order',
  })
  @AuditRead('lookupPersons', (answers: PersonLookup[]) => ({ idNumbers: answers.map((p) => p.idNumber) }))
  async lookupPersons(@Arg('idNumbers', () => [String]) idNumbers: string[], @Ctx() ctx: HubContext): Promise<PersonLookup[]> {
    const policy = isPolicyBound(ctx.caller) ? await ctx.loaders.sharing.policy() : undefined;
    return new PersonsService(ctx.em, ctx.caller, policy).lookup(idNumbers);
  }
}
