import { tenantRequest } from "../payloads.js";
import { tenancy, type HandlerPlan, type PatternContext, type PatternPlan, type Sharding } from "../plan.js";

/** A shuffle-sharded queue sized to its tenants, with its one consumer. */
export function shuffleShardedQueue(name: string, ctx: PatternContext): PatternPlan {
  const tenant = ctx.tenants[0]!;
  const payload = tenantRequest(name, tenant);
  const handler: HandlerPlan = {
    file: `handlers/${name}.ts`,
    test: `handlers/${name}.test.ts`,
    payload,
    businessFunction: "processRequest",
    doc: [
      `Processes one tenant's request from its shards of \`${name}\`. The runtime has already dead-lettered`,
      "any message for a tenant its queue does not serve; this checks that the request's own tenantId says the same.",
    ],
    placeholder: ["Business logic goes here: process the request for request.tenantId, keying any side effect on", "[tenantId, requestId] as the spec's idempotencyKey does."],
    logMessage: "request processed",
    role: `the consumer of \`${name}\`'s shards`,
    tenant,
  };
  const sharding = shardingFor(ctx.tenants);
  return {
    type: "shuffle-sharded-queue",
    name,
    spec: { name, handler: handler.file, idempotencyKey: payload.idempotencyKey, ...sharding, ...tenancy(ctx, true) },
    handlers: [handler],
    sharding,
    e2e: {
      title: `a request sent to ${name} as ${tenant} is processed once`,
      payload,
      options: { tenant },
      functions: [{ source: ["patterns", name, "consumer"] }],
    },
  };
}

const SHARDS_PER_TENANT = 2;
const FEWEST_SHARDS = 4;
const MOST_SHARDS = 16;

/**
 * Shards for these tenants, 2 each: the fewest (at least 4) that give every tenant its own pair,
 * so no two tenants share more than one queue (maxOverlap 1). Beyond 16 shards' 120 pairs, 16 shards
 * with pairs reused as evenly as the assigner can.
 */
export function shardingFor(tenants: readonly string[]): Sharding {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  let shards = FEWEST_SHARDS;
  while (pairs(shards) < tenants.length && shards < MOST_SHARDS) shards++;
  return { shards, shardsPerTenant: SHARDS_PER_TENANT, maxOverlap: pairs(shards) >= tenants.length ? 1 : undefined, tenants };
}
