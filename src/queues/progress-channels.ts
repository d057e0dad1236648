/** What a progress channel is about; the Redis pub/sub channels of live progress are named only through this enum. */
export enum ProgressTopic {
  /** A sector batch's reconciliation (sector_batches). */
  BATCH = 'batch',
  /** A data-quality or fund-supervision run (data_quality_runs). */
  QUALITY_RUN = 'quality-run',
}

const TOPICS = new Set<string>(Object.values(ProgressTopic));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The channel of one batch or run: the prefix, the topic and the row's id, never anything of its content. */
export function progressChannel(prefix: string, topic: ProgressTopic, id: string): string {
  return `${prefix}:progress:${topic}:${id.toLowerCase()}`;
}

/** The pattern one API process subscribes to for every topic and id of its prefix. */
export function progressPattern(prefix: string): string {
  return `${prefix}:progress:*`;
}

/** The topic and id a channel names, or null for a channel that is not one of ours. */
export function parseProgressChannel(prefix: string, channel: string): { topic: ProgressTopic; id: string } | null {
  const head = `${prefix}:progress:`;
  if (!channel.startsWith(head)) return null;
  const rest = channel.slice(head.length);
  const cut = rest.lastIndexOf(':');
  const topic = rest.slice(0, cut);
  const id = rest.slice(cut + 1);
  return cut > 0 && TOPICS.has(topic) && UUID.test(id) ? { topic: topic as ProgressTopic, id } : null;
}

/** The key listeners of one channel are kept under in a process. */
export const followKey = (topic: ProgressTopic, id: string) => `${topic}:${id.toLowerCase()}`;
