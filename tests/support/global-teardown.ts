interface Stoppable {
  stop(): Promise<void>;
}

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>).__hubTestServers as { pg: Stoppable; redis: Stoppable } | undefined;
  if (!servers) return;
  await servers.redis.stop();
  await servers.pg.stop();
}
