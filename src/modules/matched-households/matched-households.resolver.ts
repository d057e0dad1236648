import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { selectedFields } from '../../graphql/selection';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { Member } from '../members/member.entity';
import { MEMBERS_ALONG, type MemberRow, type WithMembersAlong } from '../members/member.row';
import { Sector } from '../tenants/tenant.enums';
import { MatchFact, MatchedHouseholdConnection } from './matched-household.type';
import { MatchedHouseholdFilter } from './matched-households.inputs';
import { type MatchedNode, type MatchedPageSelection, MatchedHouseholdsService } from './matched-households.service';
import type { Page } from '../../graphql/pagination';
import { isPolicyBound } from '../sharing-policies/policy-bound';
import { AuditRead, readAuditRow } from '../audit/read-audit';

@Resolver(() => MatchFact)
export class MatchedHouseholdsResolver {
  @Authorized(Role.LGOP, Role.MINISTRY)
  @Query(() => MatchedHouseholdConnection, {
    description:
      'Registered households whose members matched the caller’s batches of the sector (latest batch of each period, or filter.batchId); only the fields the caller’s policy allows carry values',
  })
  @AuditRead('matchedHouseholds', (p: Page<MatchedNode>) => ({ registryNos: p.edges.map((e) => e.node.household.registryNo) }))
  matchedHouseholds(
    @Arg('sector', () => Sector) sector: Sector,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => MatchedHouseholdFilter, { nullable: true }) filter?: MatchedHouseholdFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Page<MatchedNode>> {
    return new MatchedHouseholdsService(ctx).page(sector, filter, first, after, pageSelection(info), readAuditRow(ctx, 'matchedHouseholds'));
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member the record matched, under the caller’s policy' })
  async member(@Root() fact: MatchFact & WithMembersAlong, @Ctx() ctx: HubContext): Promise<MemberRow | null> {
    const along = fact[MEMBERS_ALONG];
    if (along) return along.find((m) => m.id === fact.memberId) ?? null;
    const key = { tenantCode: ctx.caller.tenant.code, id: fact.householdId };
    // Through the household loaders, so a page's match facts add no statement of their own.
    const members: MemberRow[] = isPolicyBound(ctx.caller)
      ? await ctx.loaders.sharing.membersByHousehold.load(key)
      : await ctx.loaders.membersByHousehold.load(key);
    return members.find((m) => m.id === fact.memberId) ?? null;
  }
}

/**
 * What the page's operation selects (a look-ahead): the household fields, whether the match facts,
 * and the member fields of `household.members` and `matches.member` together (their rows are shared).
 */
function pageSelection(info: GraphQLResolveInfo): MatchedPageSelection {
  const household = selectedFields(info, ['edges', 'node', 'household']);
  const matches = selectedFields(info, ['edges', 'node', 'matches']);
  if (!household.has('members') && !matches.has('member')) return { household, matches: matches.size > 0 };
  const members = new Set([
    ...selectedFields(info, ['edges', 'node', 'household', 'members']),
    ...selectedFields(info, ['edges', 'node', 'matches', 'member']),
  ]);
  return { household, matches: matches.size > 0, members };
}
