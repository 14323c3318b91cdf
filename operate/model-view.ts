import { siloTenant } from "../patterns/model/consumer-function.js";
import type { FunctionModel, QueueModel, RoutingTableModel, ServiceModel, SubscriptionModel, TopicModel } from "../patterns/model/types.js";

/**
 * The resolved model grouped by pattern, as `diagram` and `cost` read it. Everything here is
 * derived from the ServiceModel alone (never from the spec): a pattern's kind from the structure
 * its resolver produced — a topic, priority lanes, functions that serve one tenant, or a consumer
 * that checks records against a routing table.
 */
export type PatternKind = "fanout" | "priority-queue" | "shuffle-sharded-queue" | "tenant-isolated-function" | "queues";

export interface PatternView {
  readonly name: string;
  readonly kind: PatternKind;
  readonly topic?: TopicModel;
  /** The topic's subscriptions, in model order. */
  readonly subscriptions: readonly SubscriptionModel[];
  /** The pattern's queues, in model order (shards by index, lanes high/low/surge, silos by tenant). */
  readonly queues: readonly QueueModel[];
  /** Functions consuming the pattern's queues, in model order. */
  readonly consumers: readonly FunctionModel[];
  readonly routingTable?: RoutingTableModel;
  /** Shuffle-sharded queues: how many shards each tenant owns, read from the routing table. */
  readonly shardsPerTenant?: number;
  /** Tenant-aware patterns: the tenants the routing table lists. */
  readonly tenants: readonly string[];
}

export function patternViews(model: ServiceModel): PatternView[] {
  return model.patterns.map((name) => patternView(model, name));
}

function patternView(model: ServiceModel, name: string): PatternView {
  const topic = model.topics.find((t) => t.access.pattern === name);
  const queues = model.queues.filter((q) => q.pattern === name);
  const ids = new Set(queues.map((q) => q.id));
  const consumers = model.functions.filter((f) => f.eventSources.some((e) => ids.has(e.queue.id)));
  const subscriptions = topic ? model.subscriptions.filter((s) => s.topic.id === topic.id) : [];
  const routingTable = model.routingTables.find((r) => r.pattern === name);
  const table = routingTable ? parseRoutingTable(routingTable) : undefined;
  const kind: PatternKind = topic
    ? "fanout"
    : queues.some((q) => q.priorityLane)
      ? "priority-queue"
      : consumers.some((f) => siloTenant(f) !== undefined)
        ? "tenant-isolated-function"
        : consumers.some((f) => f.tenancy && "pattern" in f.tenancy)
          ? "shuffle-sharded-queue"
          : "queues";
  const tenants = table ? Object.keys(table.tenants).sort() : [];
  const sets = table ? Object.values(table.tenants).filter(Array.isArray) : [];
  return {
    name,
    kind,
    ...(topic ? { topic } : {}),
    subscriptions,
    queues,
    consumers,
    ...(routingTable ? { routingTable } : {}),
    ...(kind === "shuffle-sharded-queue" && sets.length > 0 ? { shardsPerTenant: Math.max(...sets.map((s) => s.length)) } : {}),
    tenants,
  };
}

interface RoutingTableContent {
  readonly tenants: Readonly<Record<string, unknown>>;
}

/** The routing table's JSON: `tenants` maps each tenant to its shard indexes (sharded) or its queue (silos). */
function parseRoutingTable(table: RoutingTableModel): RoutingTableContent | undefined {
  try {
    const parsed = JSON.parse(table.content) as { tenants?: unknown };
    return parsed.tenants && typeof parsed.tenants === "object" ? { tenants: parsed.tenants as Record<string, unknown> } : undefined;
  } catch {
    return undefined;
  }
}

/** A subscription's subscriber name: the last step of its spec path (`patterns.<fanout>.subscribers.<name>`). */
export function subscriberName(subscription: SubscriptionModel): string {
  return String(subscription.source[subscription.source.length - 1] ?? subscription.id);
}

export { siloTenant };

/** The function consuming a queue (every bulkhead queue has at most one). */
export function consumerOf(view: PatternView, queue: QueueModel): FunctionModel | undefined {
  return view.consumers.find((f) => f.eventSources.some((e) => e.queue.id === queue.id));
}
