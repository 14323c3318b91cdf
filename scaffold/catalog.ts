/**
 * What a new pattern of each type is made of: its spec data, its handlers, and what its
 * end-to-end test sends and expects. Decides files and data only; templates/ holds the text.
 */
import type { SpecPath } from "../patterns/model/types.js";
import { job, publishedEvent, tenantRequest, tenantTask, type Payload } from "./payloads.js";

export const PATTERN_TYPES = ["fanout", "shuffle-sharded-queue", "priority-queue", "tenant-isolated-function"] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

/** The name `bulkhead new` gives each pattern. */
export const DEFAULT_NAMES: Readonly<Record<PatternType, string>> = {
  fanout: "events",
  "shuffle-sharded-queue": "ingest",
  "priority-queue": "jobs",
  "tenant-isolated-function": "reports",
};

/** Tenants of a new service with a tenant-aware pattern; replace them with your own. */
export const EXAMPLE_TENANTS: readonly string[] = ["acme", "globex", "initech"];

/** AWS's documentation account: every ARN a skeleton names is one to replace. */
const EXAMPLE_ACCOUNT = "123456789012";
export const OPERATOR_ROLE = `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/platform-oncall`;

export function isTenantAware(type: PatternType): boolean {
  return type === "shuffle-sharded-queue" || type === "tenant-isolated-function";
}

export interface PatternContext {
  readonly service: string;
  /** The tenants the pattern serves (tenant-aware patterns only). */
  readonly tenants: readonly string[];
  /** The pattern lists its tenants itself: added to a spec without service-level tenants. */
  readonly ownTenants: boolean;
  /** The spec has no operators, so the pattern names the role that may redrive its DLQs. */
  readonly ownRouters: boolean;
}

/** One handler file and its test. */
export interface HandlerPlan {
  /** Relative to the spec's folder, as the spec names it. */
  readonly file: string;
  readonly test: string;
  readonly payload: Payload;
  readonly businessFunction: string;
  /** What the business function does, for its doc comment. */
  readonly doc: readonly string[];
  /** The comment where the business logic goes. */
  readonly placeholder: readonly string[];
  /** What it logs when done. */
  readonly logMessage: string;
  /** Which of the spec's consumers it is, in words. */
  readonly role: string;
  /** The tenant its test runs as, for a tenant-aware pattern. */
  readonly tenant?: string;
}

/** A function the end-to-end test expects to process the message it sends, found in the resolved model. */
export interface FunctionRef {
  readonly source: SpecPath;
  readonly tenant?: string;
}

export interface PatternPlan {
  readonly type: PatternType;
  readonly name: string;
  /** The data of the spec partial `spec/<type>`. */
  readonly spec: Readonly<Record<string, unknown>>;
  readonly handlers: readonly HandlerPlan[];
  /** Shard parameters, for the lock. */
  readonly sharding?: Sharding;
  readonly e2e: {
    /** The test's name. */
    readonly title: string;
    readonly payload: Payload;
    readonly options?: { readonly tenant?: string; readonly priority?: "high" | "low" };
    readonly functions: readonly FunctionRef[];
  };
}

export interface Sharding {
  readonly shards: number;
  readonly shardsPerTenant: number;
  /** Absent when the tenants are too many for every pair to share at most one shard. */
  readonly maxOverlap: number | undefined;
  readonly tenants: readonly string[];
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

export function planPattern(type: PatternType, name: string, ctx: PatternContext): PatternPlan {
  switch (type) {
    case "fanout":
      return fanout(name, ctx);
    case "shuffle-sharded-queue":
      return shuffleShardedQueue(name, ctx);
    case "priority-queue":
      return priorityQueue(name);
    case "tenant-isolated-function":
      return tenantIsolatedFunction(name, ctx);
  }
}

/** What the tenant-aware partials add: their own tenants and routers when the spec has none. */
function tenancy(ctx: PatternContext, sharded: boolean) {
  return {
    ownTenants: ctx.ownTenants ? ctx.tenants : undefined,
    routers: ctx.ownRouters ? [OPERATOR_ROLE] : undefined,
    sharded,
  };
}

function fanout(name: string, ctx: PatternContext): PatternPlan {
  const payload = publishedEvent(name);
  const subscriber = (sub: string, logMessage: string, doc: string[], placeholder: string[]) => ({
    name: sub,
    handler: {
      file: `handlers/${name}-${sub}.ts`,
      test: `handlers/${name}-${sub}.test.ts`,
      payload,
      businessFunction: "processEvent",
      doc,
      placeholder,
      logMessage,
      role: `the subscriber \`${sub}\` of \`${name}\``,
    } satisfies HandlerPlan,
  });
  const subscribers = [
    subscriber(
      "process",
      "event processed",
      [`Acts on each event published to \`${name}\`.`],
      ["Business logic goes here: act on the event (update your store, call the service it concerns),", "passing eventId as the idempotency key of any call that takes one."],
    ),
    subscriber(
      "audit",
      "event recorded",
      [`Keeps a record of every event published to \`${name}\`, whatever its type.`],
      ["Business logic goes here: write the event to your audit store, keyed on eventId."],
    ),
  ];
  return {
    type: "fanout",
    name,
    spec: {
      name,
      publisherRole: `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/${ctx.service}-publisher`,
      subscribers: subscribers.map((s) => ({ name: s.name, handler: s.handler.file, idempotencyKey: payload.idempotencyKey })),
    },
    handlers: subscribers.map((s) => s.handler),
    e2e: {
      title: `an event published to ${name} is processed once by each subscriber`,
      payload,
      options: undefined,
      functions: subscribers.map((s) => ({ source: ["patterns", name, "subscribers", s.name] })),
    },
  };
}

function shuffleShardedQueue(name: string, ctx: PatternContext): PatternPlan {
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

function priorityQueue(name: string): PatternPlan {
  const payload = job(name);
  const handler: HandlerPlan = {
    file: `handlers/${name}.ts`,
    test: `handlers/${name}.test.ts`,
    payload,
    businessFunction: "processJob",
    doc: [
      `Runs one job of \`${name}\`, in whichever lane it arrives: high, or low when sent so or deferred. The lanes`,
      "share their idempotency records, so a job deferred after it ran is not run again.",
    ],
    placeholder: ["Business logic goes here: do what job.task says, passing jobId as the idempotency key of any call", "that takes one."],
    logMessage: "job done",
    role: `both lanes of \`${name}\`, high and low`,
  };
  return {
    type: "priority-queue",
    name,
    spec: { name, handler: handler.file, idempotencyKey: payload.idempotencyKey },
    handlers: [handler],
    e2e: {
      title: `a high-priority job sent to ${name} is processed once, in the high lane`,
      payload,
      options: { priority: "high" },
      functions: [{ source: ["patterns", name, "consumers", "high"] }],
    },
  };
}

function tenantIsolatedFunction(name: string, ctx: PatternContext): PatternPlan {
  const tenant = ctx.tenants[0]!;
  const payload = tenantTask(name, tenant);
  const handler: HandlerPlan = {
    file: `handlers/${name}.ts`,
    test: `handlers/${name}.test.ts`,
    payload,
    businessFunction: "processTask",
    doc: [
      `Runs one task in a tenant's own silo of \`${name}\`: this function, its queue, role and reserved concurrency`,
      "serve that tenant alone, and scope.tenant is always it.",
    ],
    placeholder: [
      "Business logic goes here: do the task for this tenant. For tenant data, add `data: { table: true }` to",
      "the pattern and use scope.tenantData.table, whose rows are already limited to this tenant.",
    ],
    logMessage: "task done",
    role: `every tenant's silo of \`${name}\``,
    tenant,
  };
  return {
    type: "tenant-isolated-function",
    name,
    spec: { name, handler: handler.file, idempotencyKey: payload.idempotencyKey, ...tenancy(ctx, false) },
    handlers: [handler],
    e2e: {
      title: `a task sent to ${name} for ${tenant} is processed once, in ${tenant}'s silo`,
      payload,
      options: { tenant },
      functions: [{ source: ["patterns", name], tenant }],
    },
  };
}
