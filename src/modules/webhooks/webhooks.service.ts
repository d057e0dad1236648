import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { boundOwner } from '../../db/tenant-scope';
import { type Page, decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { WEBHOOK_EVENT_TYPES, checkEventTypes, isValidSecret, newSecret } from './webhook.rules';
import { checkWebhookUrl } from './webhook-url.guard';
import type { Webhook, WebhookDelivery } from './webhook.types';
import { webhookErrors } from './webhooks.errors';
import { findDeliveries, findWebhook, findWebhooks, insertWebhook, removeWebhook } from './webhooks.repository';

/** Endpoints one tenant may register: a bound on the fan-out of each event. */
export const MAX_WEBHOOKS_PER_TENANT = 20;

/** What `createWebhook` asks for. */
export interface CreateWebhook {
  url: string;
  events: string[];
  secret?: string | null;
}

/** Webhooks of the caller's tenant (LGOP: of every tenant), and their deliveries. */
export class WebhooksService {
  /** `allowHosts`: hosts reachable over http and at internal addresses (config WEBHOOK_HTTP_ALLOW_HOSTS). */
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
    private readonly allowHosts: readonly string[],
  ) {}

  async create(req: CreateWebhook): Promise<Webhook> {
    const { unknown, events } = checkEventTypes(req.events);
    if (unknown.length || !events.length) throw webhookErrors.UNKNOWN_EVENTS(unknown, WEBHOOK_EVENT_TYPES);
    if (req.secret != null && !isValidSecret(req.secret)) throw webhookErrors.BAD_SECRET();
    const checked = await checkWebhookUrl(req.url.trim(), this.allowHosts);
    if (typeof checked === 'string') throw webhookErrors.URL_REFUSED(checked);
    const own = { tenantCode: this.caller.tenant.code, admin: false };
    if ((await findWebhooks(this.em, own, 0, MAX_WEBHOOKS_PER_TENANT)).length >= MAX_WEBHOOKS_PER_TENANT) {
      throw webhookErrors.TOO_MANY_WEBHOOKS(MAX_WEBHOOKS_PER_TENANT);
    }
    const secret = req.secret ?? newSecret();
    const row = await insertWebhook(this.em, { tenantCode: this.caller.tenant.code, url: checked.url.toString(), events, secret });
    return { ...row, secret };
  }

  async list(first?: number | null, after?: string | null): Promise<Page<Webhook>> {
    const limit = pageSize(first);
    const rows = await findWebhooks(this.em, boundOwner(this.em), decodeCursor(after) ?? 0, limit + 1);
    return toPage(
      rows.map((r) => ({ ...r, secret: null })),
      limit,
      (r) => r.seq,
    );
  }

  async delete(id: string): Promise<boolean> {
    if (!isUuid(id) || !(await removeWebhook(this.em, boundOwner(this.em), id))) throw webhookErrors.WEBHOOK_NOT_FOUND();
    return true;
  }

  async deliveries(webhookId: string, first?: number | null, after?: string | null): Promise<Page<WebhookDelivery>> {
    const limit = pageSize(first);
    const before = decodeCursor(after);
    if (!isUuid(webhookId) || !(await findWebhook(this.em, boundOwner(this.em), webhookId))) throw webhookErrors.WEBHOOK_NOT_FOUND();
    const rows = await findDeliveries(this.em, webhookId, before, limit + 1);
    return toPage(rows, limit, (r) => r.seq);
  }
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
