import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { FundTransactionInput } from './fund-ledger.inputs';
import { recordFundTransactions } from './fund-ledger.service';
import { FundTransactionSummary } from './fund-ledger.types';

@Resolver()
export class FundLedgerResolver {
  @Authorized(Role.PROVINCE)
  @Mutation(() => FundTransactionSummary, {
    description: 'Appends up to 5,000 allocations, disbursements and reversals to your projects’ ledgers; results in input order',
  })
  recordFundTransactions(
    @Arg('idempotencyKey') idempotencyKey: string,
    // The inputs carry no class-validator rules (the ledger rules check them): no thousands of empty validator runs a call.
    @Arg('transactions', () => [FundTransactionInput], { validate: false }) transactions: FundTransactionInput[],
    @Ctx() ctx: HubContext,
  ): Promise<FundTransactionSummary> {
    return recordFundTransactions(ctx, idempotencyKey, transactions);
  }
}
