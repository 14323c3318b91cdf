import { z } from "zod";
import { consumer, externalProducers, maxPayloadBytes, resourceKey } from "../spec/common.js";

const shardConsumer = consumer.omit({ maxConcurrency: true, reservedConcurrency: true }).extend({
  maxConcurrencyPerShard: z
    .number()
    .int()
    .min(2)
    .max(1000)
    .optional()
    .describe("each shard's event source maximum concurrency (default 5): a flooding tenant gets at most k shards' worth"),
});

export const shuffleShardedQueueSpec = z
  .strictObject({
    type: z.literal("shuffle-sharded-queue"),
    shards: z.number().int().min(2).max(256).describe("n: queues behind the router"),
    shardsPerTenant: z.number().int().min(2).max(8).describe("k: queues each tenant gets, permanently"),
    maxOverlap: z.number().int().min(0).optional().describe("hard bound on the shards any two tenants share"),
    tenants: z.array(resourceKey).min(1).optional().describe("this pattern's tenants (default: the service's)"),
    consumer: shardConsumer,
    maxPayloadBytes: maxPayloadBytes.optional(),
    externalProducers: externalProducers.optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.shardsPerTenant > spec.shards) {
      ctx.addIssue({ code: "custom", path: ["shardsPerTenant"], input: spec.shardsPerTenant, message: `must be at most shards (${spec.shards}), got ${spec.shardsPerTenant}` });
    }
    if (spec.maxOverlap !== undefined && spec.maxOverlap >= spec.shardsPerTenant) {
      ctx.addIssue({ code: "custom", path: ["maxOverlap"], input: spec.maxOverlap, message: `must be less than shardsPerTenant (${spec.shardsPerTenant}), got ${spec.maxOverlap}` });
    }
  })
  .describe("n queues behind a tenant router; each tenant permanently owns k of them");

export type ShuffleShardedQueueSpec = z.infer<typeof shuffleShardedQueueSpec>;
