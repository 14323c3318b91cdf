import type { PriorityLane } from "./spec.js";

/**
 * What producers of a priority queue need at run time, in one environment variable: the lane
 * queues by name (a URL needs the account id, unknown at synth) and the surge threshold.
 * handlers/producing/priority-publisher.ts reads the same shape.
 */
export interface PriorityQueueSettings {
  readonly pattern: string;
  readonly lanes: { readonly high: string; readonly low: string; readonly surge?: string };
  readonly surgeWhenBacklogOver?: number;
}

/** `jobs` gives `BULKHEAD_PRIORITY_QUEUE_JOBS`; the runtime's publisher derives the same name. */
export function priorityQueueVariable(pattern: string): string {
  return `BULKHEAD_PRIORITY_QUEUE_${pattern.toUpperCase().replace(/-/g, "_")}`;
}

export interface LaneSettings {
  readonly lane: PriorityLane;
  readonly expireAfterSeconds: number;
  readonly deferAfterSeconds?: number;
  /** The low lane's queue name, for the lanes that defer. */
  readonly deferTo?: string;
}

/**
 * A lane consumer's environment, as handlers/consuming/config.ts reads it (its tests load this
 * function's output, so the names cannot drift apart).
 */
export function laneEnvironment(s: LaneSettings): Record<string, string> {
  return {
    BULKHEAD_LANE: s.lane,
    BULKHEAD_EXPIRE_AFTER_SECONDS: String(s.expireAfterSeconds),
    ...(s.deferAfterSeconds !== undefined ? { BULKHEAD_DEFER_AFTER_SECONDS: String(s.deferAfterSeconds) } : {}),
    ...(s.deferTo !== undefined ? { BULKHEAD_DEFER_TO_QUEUE: s.deferTo } : {}),
  };
}
