/** How many ports in a row a pair takes from its base port. */
export const HA_PORT_COUNT = 12;

/** The loopback ports of the local HA pair, all taken from one base port (HA_PORT_COUNT in a row). */
export interface HaPorts {
  etcdClient: number;
  etcdPeer: number;
  /** PostgreSQL of node 1 and node 2. */
  pg: [number, number];
  /** Patroni's REST API of node 1 and node 2. */
  rest: [number, number];
  redisMaster: number;
  redisReplica: number;
  sentinels: [number, number, number];
}

export function haPorts(base: number): HaPorts {
  return {
    pg: [base, base + 1],
    rest: [base + 2, base + 3],
    etcdClient: base + 4,
    etcdPeer: base + 5,
    redisMaster: base + 7,
    redisReplica: base + 8,
    sentinels: [base + 9, base + 10, base + 11],
  };
}

/** Every port of the pair (the start checks they are free). */
export function allHaPorts(p: HaPorts): number[] {
  return [...p.pg, ...p.rest, p.etcdClient, p.etcdPeer, p.redisMaster, p.redisReplica, ...p.sentinels];
}
