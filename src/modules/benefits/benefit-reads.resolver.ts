import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import { requestMemo } from '../../graphql/request-memo';
import { Household } from '../households/household.entity';
import type { HouseholdRow } from '../households/household.row';
import { ProjectReadsService } from '../projects/project-reads.service';
import { type BenefitReadRow, findBenefitsOfHouseholds } from './benefit-reads.repository';
import { Benefit } from './benefit.types';

const LOADER = Symbol('benefitsByHousehold');

/** The benefits of a page's households in one statement, from the projects the caller reads. */
function benefitsLoader(ctx: HubContext): DataLoader<number, BenefitReadRow[]> {
  return requestMemo(
    ctx.loaders,
    LOADER,
    () =>
      new DataLoader<number, BenefitReadRow[]>(
        async (ids) => {
          const rows = await findBenefitsOfHouseholds(ctx.em, await new ProjectReadsService(ctx).scope(), ids);
          const byHousehold = new Map<number, BenefitReadRow[]>(ids.map((id) => [id, []]));
          for (const b of rows) byHousehold.get(b.householdId)?.push(b);
          return ids.map((id) => byHousehold.get(id) ?? []);
        },
        { maxBatchSize: 1000 },
      ),
  );
}

@Resolver(() => Household)
export class HouseholdBenefitsResolver {
  @FieldResolver(() => [Benefit], { description: 'What the household received from projects the caller may see, oldest first' })
  benefits(@Root() household: HouseholdRow, @Ctx() ctx: HubContext): Promise<Benefit[]> {
    return benefitsLoader(ctx).load(household.id);
  }
}
