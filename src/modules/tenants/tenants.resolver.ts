import { Ctx, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import { Tenant } from './tenant.entity';
import { TenantKind } from './tenant.enums';
import { TenantErrorCode, tenantError } from './tenants.errors';

@Resolver(() => Tenant)
export class TenantsResolver {
  @Query(() => Tenant, { description: 'The tenant the bearer token names' })
  async me(@Ctx() ctx: HubContext): Promise<Tenant> {
    return ctx.em.findOneOrFail(Tenant, { code: ctx.caller.tenant.code });
  }

  @Query(() => [Tenant], { description: 'Every tenant of the exchange (LGOP only)' })
  async tenants(@Ctx() ctx: HubContext): Promise<Tenant[]> {
    if (ctx.caller.tenant.kind !== TenantKind.ADMIN) {
      throw tenantError(TenantErrorCode.ADMIN_ONLY, 'Only LGOP may list the tenants');
    }
    return ctx.em.find(Tenant, {}, { orderBy: { code: 'asc' } });
  }
}
