import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import { isPolicyBound } from '../sharing-policies/policy-bound';
import { PersonLookup } from './person-lookup.type';
import { PersonsService } from './persons.service';
import { auditRead } from '../audit/read-audit';

@Resolver()
export class PersonsResolver {
  @Query(() => [PersonLookup], {
    description: 'Up to 1,000 ID numbers in any input form; one answer per input, in order',
  })
  async lookupPersons(@Arg('idNumbers', () => [String]) idNumbers: string[], @Ctx() ctx: HubContext): Promise<PersonLookup[]> {
    const policy = isPolicyBound(ctx.caller) ? await ctx.loaders.sharing.policy() : undefined;
    const answers = await new PersonsService(ctx.em, ctx.caller, policy).lookup(idNumbers);
    return auditRead(ctx, 'lookupPersons', answers, (a) => ({ idNumbers: a.map((p) => p.idNumber) }));
  }
}
