import type { HubContext } from '../../graphql/hub-context';
import { BatchLifecycleService } from './batch-lifecycle.service';

/** The lifecycle as a GraphQL request drives it: audited under its caller and request id, queue work after the request's commit. */
export function requestLifecycle(ctx: HubContext): BatchLifecycleService {
  return new BatchLifecycleService(
    ctx.em,
    { tenantCode: ctx.caller.tenant.code, requestId: ctx.requestId },
    { afterCommit: (task) => ctx.afterCommit.push(task), relay: ctx.queues?.relay, queue: ctx.queues?.reconciliation, progress: ctx.live?.signal },
  );
}
