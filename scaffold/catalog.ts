/**
 * What a new pattern of each type is made of (scaffold/kinds/), and the names `bulkhead new` gives them.
 */
import { fanout } from "./kinds/fanout.js";
import { priorityQueue } from "./kinds/priority-queue.js";
import { shuffleShardedQueue } from "./kinds/shuffle-sharded-queue.js";
import { tenantIsolatedFunction } from "./kinds/tenant-isolated-function.js";
import type { PatternContext, PatternPlan, PatternType } from "./plan.js";

export * from "./plan.js";

/** The name `bulkhead new` gives each pattern. */
export const DEFAULT_NAMES: Readonly<Record<PatternType, string>> = {
  fanout: "events",
  "shuffle-sharded-queue": "ingest",
  "priority-queue": "jobs",
  "tenant-isolated-function": "reports",
};

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
