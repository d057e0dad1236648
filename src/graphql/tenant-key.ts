/** A loader key: the tenant travels in it so a cached answer is never served across tenants. */
export interface TenantKey<K> {
  tenantCode: string;
  id: K;
}

export function tenantCacheKey<K>(key: TenantKey<K>): string {
  return `${key.tenantCode}:${String(key.id)}`;
}

/** A loader is built for one request; a key of another tenant there is a wiring bug. */
export function assertOneTenant<K>(keys: readonly TenantKey<K>[], tenantCode: string): K[] {
  return keys.map((k) => {
    if (k.tenantCode !== tenantCode) throw new Error(`loader of ${tenantCode} asked for ${k.tenantCode}`);
    return k.id;
  });
}
