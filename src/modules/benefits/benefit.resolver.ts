import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { BenefitInput } from './benefit.inputs';
import { recordBenefits } from './benefit.service';
import { BenefitSummary } from './benefit.types';

@Resolver()
export class BenefitResolver {
  @Authorized(Role.PROVINCE)
  @Mutation(() => BenefitSummary, {
    description: 'Links up to 5,000 benefits of one of your projects to households of your registry; results in input order',
  })
  recordBenefits(
    @Arg('idempotencyKey') idempotencyKey: string,
    @Arg('projectNo') projectNo: string,
    // The inputs carry no class-validator rules (the benefit rules check them): no thousands of empty validator runs a call.
    @Arg('benefits', () => [BenefitInput], { validate: false }) benefits: BenefitInput[],
    @Ctx() ctx: HubContext,
  ): Promise<BenefitSummary> {
    return recordBenefits(ctx, idempotencyKey, projectNo, benefits);
  }
}
