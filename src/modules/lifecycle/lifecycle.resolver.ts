import { Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { Household } from '../households/household.entity';
import { AddMemberArgs, RemoveHouseholdArgs, RemoveMemberArgs, YearChangeArgs } from './lifecycle.inputs';
import { addMemberRule, exitRule, removeMemberRule, removeRule, returnRule } from './lifecycle.rules';
import { LifecycleFrame } from './lifecycle.service';

/** The provinces' lifecycle mutations (a province's only); each checks its transition and records one event. */
@Resolver()
export class LifecycleResolver {
  @Authorized(Role.PROVINCE)
  @Mutation(() => Household, { description: 'A POOR or RETURNED household shakes off poverty in `year`' })
  recordExit(@Args() a: YearChangeArgs, @Ctx() ctx: HubContext): Promise<Household> {
    return frame(ctx).onHousehold('recordExit', a.registryNo, a.expectedVersion, exitRule(a.year, new Date()));
  }

  @Authorized(Role.PROVINCE)
  @Mutation(() => Household, { description: 'An EXITED household falls back into poverty in `year`' })
  recordReturn(@Args() a: YearChangeArgs, @Ctx() ctx: HubContext): Promise<Household> {
    return frame(ctx).onHousehold('recordReturn', a.registryNo, a.expectedVersion, returnRule(a.year, new Date()));
  }

  @Authorized(Role.PROVINCE)
  @Mutation(() => Household, { description: 'Cancels a wrongly identified household; its members stop being registered' })
  removeHousehold(@Args() a: RemoveHouseholdArgs, @Ctx() ctx: HubContext): Promise<Household> {
    return frame(ctx).onHousehold('removeHousehold', a.registryNo, a.expectedVersion, removeRule(a.reason));
  }

  @Authorized(Role.PROVINCE)
  @Mutation(() => Household, { description: 'A birth, a marriage in, a move in' })
  addMember(@Args() a: AddMemberArgs, @Ctx() ctx: HubContext): Promise<Household> {
    return frame(ctx).onHousehold('addMember', a.registryNo, a.expectedVersion, addMemberRule(a.member, new Date()));
  }

  @Authorized(Role.PROVINCE)
  @Mutation(() => Household, { description: 'A death, a move out, a marriage out; returns the member’s household' })
  removeMember(@Args() a: RemoveMemberArgs, @Ctx() ctx: HubContext): Promise<Household> {
    return frame(ctx).onMember('removeMember', a.idNumber, a.expectedVersion, removeMemberRule(a.reason, a.date, new Date()));
  }
}

function frame(ctx: HubContext): LifecycleFrame {
  return new LifecycleFrame(ctx.em, ctx.caller, ctx.requestId);
}
