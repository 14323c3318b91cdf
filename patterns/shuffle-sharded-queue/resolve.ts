import { namePrefix, patternTags, type PatternContext } from "../model/context.js";
import { DEFAULTS } from "../model/defaults.js";
import type { ModelPart } from "../model/part.js";
import { resolveQueueConsumer } from "../model/queue-consumer.js";
import { tenantSendAccess } from "../model/send-access.js";
import type { QueueModel, ResourceRef } from "../model/types.js";
import { lockedAssignments } from "./lock-findings.js";
import { directPayload } from "../model/payload-budget.js";
import { routingTable } from "../model/routing-table.js";
import type { ShuffleShardedQueueSpec } from "./spec.js";

/**
 * n resilient shard queues consumed by one function through n event source mappings,
 * each capped at `maxConcurrencyPerShard`: a tenant that floods its k shards can use
 * at most k of n shares of the consumer, and poisons only its own shards' DLQs.
 */
export function resolveShuffleShardedQueue(ctx: PatternContext, spec: ShuffleShardedQueueSpec): ModelPart {
  const tenantsPath = spec.tenants ? [...ctx.source, "tenants"] : ["tenants"];
  const tenants = spec.tenants ?? ctx.tenants;
  const shards = Array.from({ length: spec.shards }, (_, shard) => ({
    id: `${ctx.pattern}-shard-${shard}`,
    nameParts: [...namePrefix(ctx), String(shard)],
    tags: patternTags(ctx, { "bulkhead:shard": String(shard) }),
  }));
  const source = [...ctx.source, "consumer"];
  const perShard = spec.consumer.maxConcurrencyPerShard;
  const { queues: shardQueues, fn } = resolveQueueConsumer(ctx, {
    id: ctx.pattern,
    nameParts: namePrefix(ctx),
    spec: spec.consumer,
    fifo: false,
    messageFormat: "raw",
    producers: [],
    queues: shards,
    maxConcurrencyPerQueue: {
      value: perShard ?? DEFAULTS.consumer.maxConcurrency,
      path: perShard === undefined ? source : [...source, "maxConcurrencyPerShard"],
    },
    tags: patternTags(ctx),
    tenancy: { pattern: ctx.pattern },
    source,
  });
  const input = { shards: spec.shards, shardsPerTenant: spec.shardsPerTenant, maxOverlap: spec.maxOverlap, tenants };
  const { assignments, findings } = lockedAssignments(ctx, input, tenantsPath, ctx.shardLocks[ctx.pattern]);
  const { table, parameter } = routingTable(ctx, shardQueues.map((q) => q.name), assignments);
  const declaredPayload = directPayload(ctx, spec.maxPayloadBytes);
  // Each shard admits, besides trusted senders, only principals acting as a tenant it serves.
  const queues = shardQueues.map((queue, shard): QueueModel => {
    const served = Object.keys(assignments).filter((tenant) => assignments[tenant]!.includes(shard));
    return { ...queue, declaredPayload, access: tenantSendAccess(ctx, served, spec.externalProducers) };
  });
  return {
    queues,
    functions: [fn],
    routingTables: [table],
    parameters: [parameter],
    ingress: { targets: shards.map((s): ResourceRef => ({ kind: "queue", id: s.id })), actions: ["sqs:GetQueueUrl", "sqs:SendMessage"], routed: true },
    findings,
  };
}
