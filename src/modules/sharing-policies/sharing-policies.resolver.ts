import { Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import { TenantKind } from '../tenants/tenant.enums';
import { SharingErrorCode, sharingError } from './sharing-policies.errors';
import { listPolicies } from './sharing-policy.repository';
import { SharingPolicy } from './sharing-policy.type';

@Resolver(() => SharingPolicy)
export class SharingPoliciesResolver {
  @Query(() => [SharingPolicy], { description: 'Every data-sharing agreement (LGOP only)' })
  sharingPolicies(@Ctx() ctx: HubContext): Promise<SharingPolicy[]> {
    if (ctx.caller.tenant.kind !== TenantKind.ADMIN) throw sharingError(SharingErrorCode.ADMIN_ONLY, 'Only LGOP may read the data-sharing agreements');
    return listPolicies(ctx.em);
  }
}
