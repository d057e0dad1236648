import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { Tenant } from './tenant.entity';

@Resolver(() => Tenant)
export class TenantsResolver {
  @Query(() => Tenant, { description: 'The tenant the bearer token names' })
  async me(@Ctx() ctx: HubContext): Promise<Tenant> {
    return ctx.em.findOneOrFail(Tenant, { code: ctx.caller.tenant.code });
  }

  @Authorized(Role.LGOP)
  @Query(() => [Tenant], { description: 'Every tenant of the exchange (LGOP only)' })
  async tenants(@Ctx() ctx: HubContext): Promise<Tenant[]> {
    return ctx.em.find(Tenant, {}, { orderBy: { code: 'asc' } });
  }
}
