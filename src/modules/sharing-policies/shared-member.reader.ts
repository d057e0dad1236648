import type { HubContext } from '../../graphql/hub-context';
import type { Member } from '../members/member.entity';
import { isPolicyBound } from './policy-bound';

/** A member of the caller's own batch results: whole for LGOP, cut by the policy for a ministry. */
export function memberForCaller(ctx: HubContext, memberId: number): Promise<Member | null> {
  const key = { tenantCode: ctx.caller.tenant.code, id: memberId };
  if (isPolicyBound(ctx.caller)) return ctx.loaders.sharing.membersById.load(key) as unknown as Promise<Member | null>;
  return ctx.loaders.batchMembersById.load(key);
}
