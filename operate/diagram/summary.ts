import type { PatternView } from "../model-view.js";

/** Shards and silos drawn one by one up to this many; beyond it, one node each for their queues, DLQs (and silo functions). */
export const DETAIL_LIMIT = 4;

export function summarised(view: PatternView): boolean {
  return (view.kind === "shuffle-sharded-queue" || view.kind === "tenant-isolated-function") && view.queues.length > DETAIL_LIMIT;
}

/** The cluster's second line: what the pattern is, in numbers. */
export function patternCaption(view: PatternView): string {
  switch (view.kind) {
    case "fanout":
      return `${view.topic?.fifo ? "FIFO " : ""}SNS fan-out to ${view.subscriptions.length} subscriber(s)`;
    case "priority-queue":
      return `priority queue: ${view.queues.map((q) => q.priorityLane?.lane ?? q.name).join(", ")} lanes`;
    case "shuffle-sharded-queue":
      return `shuffle-sharded queue: ${view.queues.length} shards, ${view.shardsPerTenant ?? "?"} per tenant, ${view.tenants.length} tenant(s)`;
    case "tenant-isolated-function":
      return `tenant-isolated functions: ${view.queues.length} silo(s)`;
    case "queues":
      return `${view.queues.length} queue(s)`;
  }
}
