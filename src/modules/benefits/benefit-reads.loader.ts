import DataLoader from 'dataloader';
import type { HubContext } from '../../graphql/hub-context';
import { requestMemo } from '../../graphql/request-memo';
import { ProjectReadsService } from '../projects/project-reads.service';
import { type BenefitReadRow, findBenefitsOfHouseholds } from './benefit-reads.repository';

const LOADER = Symbol('benefitsByHousehold');

/** The benefits of a page's households in one statement, from the projects the caller reads; built once per request. */
export function benefitsLoader(ctx: HubContext): DataLoader<number, BenefitReadRow[]> {
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
