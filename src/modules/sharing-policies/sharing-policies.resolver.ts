import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { listPolicies } from './sharing-policy.repository';
import { SharingPolicy } from './sharing-policy.type';

@Resolver(() => SharingPolicy)
export class SharingPoliciesResolver {
  @Authorized(Role.LGOP)
  @Query(() => [SharingPolicy], { description: 'Every data-sharing agreement (LGOP only)' })
  sharingPolicies(@Ctx() ctx: HubContext): Promise<SharingPolicy[]> {
    return listPolicies(ctx.em);
  }
}
