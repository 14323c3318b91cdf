import type { ShardedQueue } from "../service-case.js";
import { consumerFunction } from "./consumer-function.js";
import { consumerSettings } from "./consumer-settings.js";
import { CONSUMER_DEFAULTS } from "./defaults.js";
import { queueWithDlq } from "./queue-with-dlq.js";
import { publishRoutingTable } from "./routing-table.js";
import { namePrefix, type StackContext } from "./stack-context.js";

/**
 * One queue with its DLQ per shard, one function consuming them all with each shard's
 * mapping capped (a flooding tenant gets only its shards' share), and the routing table.
 */
export function shardedQueue(ctx: StackContext, pattern: string, q: ShardedQueue): void {
  const prefix = namePrefix(ctx, pattern);
  const settings = consumerSettings(ctx, q.consumer);
  const shards = Array.from({ length: q.shards }, (_, shard) => {
    const name = `${prefix}-${shard}`;
    const tags = { "bulkhead:pattern": pattern, "bulkhead:shard": String(shard) };
    const { queue } = queueWithDlq(ctx, `${pattern}-shard-${shard}`, { name, visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds, settings: settings.queue, tags });
    return { name, queue };
  });
  consumerFunction(ctx, pattern, {
    name: prefix,
    consumer: q.consumer,
    queues: shards.map((s) => s.queue),
    maximumConcurrency: q.consumer.maxConcurrencyPerShard ?? CONSUMER_DEFAULTS.maxConcurrency,
    messageFormat: "raw",
    tags: { "bulkhead:pattern": pattern },
  });
  publishRoutingTable(ctx, pattern, q, shards.map((s) => s.name));
}
