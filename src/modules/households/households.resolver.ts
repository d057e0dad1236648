import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import type { Page } from '../../graphql/pagination';
import { selectedFields, selects } from '../../graphql/selection';
import { Member } from '../members/member.entity';
import { MEMBERS_ALONG, type MemberRow, type WithMembersAlong } from '../members/member.row';
import { MatchedHouseholdsService } from '../matched-households/matched-households.service';
import { isPolicyBound } from '../sharing-policies/policy-bound';
import { HouseholdEvent } from './household-event.entity';
import type { HouseholdEventRow } from './household-event.row';
import { Household } from './household.entity';
import { type HouseholdRow, handedOutNo } from './household.row';
import { HouseholdConnection } from './household.types';
import { HouseholdFilter } from './households.inputs';
import { HouseholdsService } from './households.service';
import { AuditRead, readAuditRow } from '../audit/read-audit';

@Resolver(() => Household)
export class HouseholdsResolver {
  @Query(() => Household, {
    nullable: true,
    description: 'One household by registry number; null when it does not exist or is outside the caller’s scope',
  })
  @AuditRead('household', (h: HouseholdRow | null) => ({ registryNos: [handedOutNo(h)] }))
  async household(@Arg('registryNo') registryNo: string, @Ctx() ctx: HubContext): Promise<HouseholdRow | null> {
    const found = isPolicyBound(ctx.caller)
      ? await new MatchedHouseholdsService(ctx).household(registryNo)
      : await new HouseholdsService(ctx).findByRegistryNo(registryNo);
    // A miss, out of scope or not, is what guessing registry numbers mostly gets: it costs lookup budget.
    if (!found) await ctx.lookupBudget?.chargeMiss(ctx.caller.tenant.code);
    return found;
  }

  @Query(() => HouseholdConnection, { description: 'Households the caller may see, in cursor pages' })
  @AuditRead('households', (p: Page<HouseholdRow>) => ({ registryNos: p.edges.map((e) => handedOutNo(e.node)) }))
  households(
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => HouseholdFilter, { nullable: true }) filter?: HouseholdFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Page<HouseholdRow>> {
    if (isPolicyBound(ctx.caller)) {
      const withMembers = selects(info, ['edges', 'node', 'members']);
      return new MatchedHouseholdsService(ctx).households(filter, first, after, withMembers, readAuditRow(ctx, 'households'));
    }
    // The page reads the columns (and member fields) the operation selects, nothing more.
    const node = selectedFields(info, ['edges', 'node']);
    const fields = { household: node, members: node.has('members') ? selectedFields(info, ['edges', 'node', 'members']) : undefined };
    return new HouseholdsService(ctx).list(filter, first, after, fields, readAuditRow(ctx, 'households'));
  }

  @FieldResolver(() => [Member], { description: 'All members, head first, including those no longer active' })
  members(@Root() household: HouseholdRow & WithMembersAlong, @Ctx() ctx: HubContext): MemberRow[] | Promise<MemberRow[]> {
    const along = household[MEMBERS_ALONG];
    if (along) return along;
    const key = { tenantCode: ctx.caller.tenant.code, id: household.id };
    if (isPolicyBound(ctx.caller)) return ctx.loaders.sharing.membersByHousehold.load(key);
    return ctx.loaders.membersByHousehold.load(key);
  }

  @FieldResolver(() => [HouseholdEvent], { description: 'The household’s history, oldest first' })
  events(@Root() household: HouseholdRow, @Ctx() ctx: HubContext): Promise<HouseholdEventRow[]> {
    return ctx.loaders.eventsByHousehold.load({ tenantCode: ctx.caller.tenant.code, id: household.id });
  }
}
