import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  RETRYING = 'RETRYING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING: not tried yet; RETRYING: failed, tried again at nextAttemptAt; FAILED: given up (the endpoint was disabled); CANCELLED: its endpoint was disabled first',
});

@ObjectType({ description: 'An endpoint that receives signed events (Standard Webhooks)', simpleResolvers: true })
export class Webhook {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The tenant that registered it' })
  tenantCode!: string;

  @Field()
  url!: string;

  @Field(() => [String])
  events!: string[];

  @Field({ description: 'False once deliveries failed for the whole retry span (see disabledReason)' })
  enabled!: boolean;

  @Field(() => String, { nullable: true })
  disabledReason!: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  disabledAt!: Date | null;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The signing secret (whsec_...): only in the answer of createWebhook, null in every later read',
  })
  secret!: string | null;
}

@ObjectType({ description: 'A page of webhooks, oldest first' })
export class WebhookConnection extends Connection(Webhook, 'Webhook') {}

@ObjectType({ description: 'One try of a delivery', simpleResolvers: true })
export class WebhookAttempt {
  @Field(() => Int)
  attemptNo!: number;

  @Field(() => DateTimeResolver)
  startedAt!: Date;

  @Field(() => Int)
  durationMs!: number;

  @Field()
  succeeded!: boolean;

  @Field(() => Int, { nullable: true, description: 'The receiver’s HTTP status; null when none came (timeout, refused address)' })
  responseCode!: number | null;

  @Field(() => String, { nullable: true, description: 'The first kilobyte of the receiver’s answer' })
  responseBody!: string | null;

  @Field(() => String, { nullable: true, description: 'Why no answer counted (timeout, connection refused, address not allowed)' })
  error!: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the next try is due; null after the last' })
  nextAttemptAt!: Date | null;
}

@ObjectType({ description: 'One event sent to one endpoint: its status and each attempt' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'The webhook-id header of every attempt' })
  id!: string;

  @Field(() => ID)
  webhookId!: string;

  @Field(() => ID)
  eventId!: string;

  @Field()
  eventType!: string;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int)
  attemptCount!: number;

  @Field(() => Int, { nullable: true })
  lastResponseCode!: number | null;

  @Field(() => DateTimeResolver, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => [WebhookAttempt], { description: 'Oldest first' })
  attempts!: WebhookAttempt[];
}

@ObjectType({ description: 'A page of deliveries, newest first' })
export class WebhookDeliveryConnection extends Connection(WebhookDelivery, 'WebhookDelivery') {}
