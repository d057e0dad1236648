import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import { Household } from '../households/household.entity';
import type { HouseholdRow } from '../households/household.row';
import { benefitsLoader } from './benefit-reads.loader';
import { Benefit } from './benefit.types';

@Resolver(() => Household)
export class HouseholdBenefitsResolver {
  @FieldResolver(() => [Benefit], { description: 'What the household received from projects the caller may see, oldest first' })
  benefits(@Root() household: HouseholdRow, @Ctx() ctx: HubContext): Promise<Benefit[]> {
    return benefitsLoader(ctx).load(household.id);
  }
}
