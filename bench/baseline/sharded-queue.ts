import type { ShardedQueue } from "../service-case.js";
import { consumerFunction } from "./consumer-function.js";
import { consumerSettings } from "./consumer-settings.js";
import { CONSUMER_DEFAULTS } from "./defaults.js";
import { queueWithDlq } from "./queue-with-dlq.js";
import { publishRoutingTable, tenantShards } from "./routing-table.js";
import { onlyFunction, tenantSenders } from "./senders.js";
import { namePrefix, type QueueWithDlq, type StackContext } from "./stack-context.js";

/**
 * One queue with its DLQ per shard, each admitting (besides trusted senders) only principals
 * acting as a tenant assigned to it, each DLQ only the shard consumer; and the routing table.
 * Built before any function, since producers in the stack may route to them.
 */
export function shardQueues(ctx: StackContext, pattern: string, q: ShardedQueue): QueueWithDlq[] {
  const prefix = namePrefix(ctx, pattern);
  const settings = consumerSettings(ctx, q.consumer);
  const assignments = Object.entries(tenantShards(pattern, q));
  const senders = tenantSenders(ctx, pattern, q.externalProducers);
  const shards = Array.from({ length: q.shards }, (_, shard) => {
    const served = assignments.filter(([, assigned]) => assigned.includes(shard)).map(([tenant]) => tenant);
    return queueWithDlq(ctx, `${pattern}-shard-${shard}`, {
      name: `${prefix}-${shard}`,
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
      settings: settings.queue,
      senders: senders(served),
      deadLetterSenders: onlyFunction(ctx, prefix),
      tags: { "bulkhead:pattern": pattern, "bulkhead:shard": String(shard) },
    });
  });
  publishRoutingTable(ctx, pattern);
  return shards;
}

/**
 * One function consuming every shard, each shard's mapping capped (a flooding tenant gets only
 * its shards' share). It checks each record's tenant against the shard's, by the routing table
 * compiled into its code, and dead-letters a mismatch unrun.
 */
export function shardConsumer(ctx: StackContext, pattern: string, q: ShardedQueue): void {
  const shards = ctx.tenantQueues.get(pattern)!;
  consumerFunction(ctx, pattern, {
    name: namePrefix(ctx, pattern),
    consumer: q.consumer,
    queues: shards.map((s) => s.queue),
    maximumConcurrency: q.consumer.maxConcurrencyPerShard ?? CONSUMER_DEFAULTS.maxConcurrency,
    messageFormat: "raw",
    tags: { "bulkhead:pattern": pattern },
    tenancy: { deadLetters: shards.map((s) => s.dlq), environment: { BULKHEAD_TENANCY_PATTERN: pattern } },
  });
}
