import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { Webhook, WebhookConnection, WebhookDeliveryConnection } from './webhook.types';
import { WebhooksService } from './webhooks.service';

const service = (ctx: HubContext) => new WebhooksService(ctx.em, ctx.caller, ctx.webhookAllowHosts ?? []);

@Resolver(() => Webhook)
export class WebhooksResolver {
  @Authorized(Role.LGOP, Role.PROVINCE, Role.MINISTRY)
  @Mutation(() => Webhook, {
    description: 'Registers an endpoint (https; resolving to a public address) for events; without a secret one is made. The secret is in this answer only.',
  })
  createWebhook(
    @Arg('url', () => String) url: string,
    @Arg('events', () => [String]) events: string[],
    @Ctx() ctx: HubContext,
    @Arg('secret', () => String, { nullable: true }) secret?: string,
  ): Promise<Webhook> {
    return service(ctx).create({ url, events, secret });
  }

  @Authorized(Role.LGOP, Role.PROVINCE, Role.MINISTRY)
  @Query(() => WebhookConnection, { description: 'The tenant’s webhooks (LGOP: every tenant’s), oldest first' })
  webhooks(
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<WebhookConnection> {
    return service(ctx).list(first, after);
  }

  @Authorized(Role.LGOP, Role.PROVINCE, Role.MINISTRY)
  @Mutation(() => Boolean, { description: 'Removes a webhook and its deliveries; nothing more is sent to it' })
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<boolean> {
    return service(ctx).delete(id);
  }

  @Authorized(Role.LGOP, Role.PROVINCE, Role.MINISTRY)
  @Query(() => WebhookDeliveryConnection, { description: 'A webhook’s deliveries, newest first, each with its attempts' })
  webhookDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<WebhookDeliveryConnection> {
    return service(ctx).deliveries(webhookId, first, after);
  }
}
