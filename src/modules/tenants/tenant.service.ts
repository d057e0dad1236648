import type { MikroORM } from '@mikro-orm/postgresql';
import { Tenant } from './tenant.entity';

/** How long a tenant row is trusted before it is read again (a disabled tenant loses access within this). */
const CACHE_MS = 30_000;

/**
 * Reads tenants for authentication. Tenants are a small public directory, not
 * registry data, so one short cache per process serves every request.
 */
export class TenantService {
  private cache = new Map<string, { tenant: Tenant | null; at: number }>();

  constructor(private readonly orm: MikroORM) {}

  async findByCode(code: string): Promise<Tenant | null> {
    const hit = this.cache.get(code);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.tenant;
    const tenant = await this.orm.em.fork().findOne(Tenant, { code });
    this.cache.set(code, { tenant, at: Date.now() });
    return tenant;
  }

  async list(): Promise<Tenant[]> {
    return this.orm.em.fork().find(Tenant, {}, { orderBy: { code: 'asc' } });
  }
}
