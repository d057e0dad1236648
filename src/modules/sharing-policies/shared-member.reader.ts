import type { HubContext } from '../../graphql/hub-context';
import type { MemberRow } from '../members/member.row';
import { isPolicyBound } from './policy-bound';

/** A member of the caller's own batch results, as a plain row: whole for LGOP, cut by the policy for a ministry. */
export function memberForCaller(ctx: HubContext, memberId: number): Promise<MemberRow | null> {
  const key = { tenantCode: ctx.caller.tenant.code, id: memberId };
  if (isPolicyBound(ctx.caller)) return ctx.loaders.sharing.membersById.load(key) as Promise<MemberRow | null>;
  return ctx.loaders.batchMembersById.load(key);
}
