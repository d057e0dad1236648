import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { HubContext } from '../../graphql/hub-context';
import type { BatchProgressView } from './live-progress.rules';
import { LiveProgressService } from './live-progress.service';
import { BatchProgress, QualityRunProgress } from './live-progress.types';

const service = (ctx: HubContext) => new LiveProgressService(ctx.live, ctx.caller, ctx.log);

/**
 * Subscriptions over Server-Sent Events at /graphql/stream (graphql-sse). No
 * @Authorized: like sectorBatch and dataQualityRun, every tenant may ask and
 * sees only its own (LGOP: any); the check runs at subscription.
 */
@Resolver()
export class LiveProgressResolver {
  @Subscription(() => BatchProgress, {
    description: 'A batch’s reconciliation as it goes: its current state first, then each change; completes after COMPLETED, FAILED or CANCELLED',
    subscribe: ({ args, context }) => service(context as HubContext).batch(String(args.id)),
  })
  batchProgress(@Root() state: BatchProgressView, @Arg('id', () => ID) _id: string): BatchProgressView {
    return state;
  }

  @Subscription(() => QualityRunProgress, {
    description: 'A data-quality or fund-supervision run as it goes: its current state first, then each change; completes after COMPLETED, PARTIAL or FAILED',
    subscribe: ({ args, context }) => service(context as HubContext).qualityRun(String(args.id)),
  })
  qualityRunProgress(@Root() state: QualityRunProgress, @Arg('id', () => ID) _id: string): QualityRunProgress {
    return state;
  }
}
