import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { HouseholdInput } from './push.inputs';
import { PushService } from './push.service';
import { PushSummary } from './push.types';

@Resolver()
export class PushResolver {
  @Authorized(Role.PROVINCE)
  @Mutation(() => PushSummary, {
    description: 'Creates or replaces up to 1,000 households with all their members; results in input order',
  })
  pushHouseholds(
    @Arg('idempotencyKey') idempotencyKey: string,
    // The inputs carry no class-validator rules (validateHousehold checks them): no 1,000 empty validator runs a push.
    @Arg('households', () => [HouseholdInput], { validate: false }) households: HouseholdInput[],
    @Ctx() ctx: HubContext,
  ): Promise<PushSummary> {
    return new PushService(ctx.em, ctx.caller, ctx.requestId).push(idempotencyKey, households);
  }
}
