import type { BoundedConsumer, PriorityQueue } from "../service-case.js";
import { consumerFunction } from "./consumer-function.js";
import { consumerSettings, mappingCap } from "./consumer-settings.js";
import { LANE_IDEMPOTENCY_TTL_FLOOR_SECONDS } from "./defaults.js";
import { queueWithDlq } from "./queue-with-dlq.js";
import { namePrefix, type PriorityLanes, type StackContext } from "./stack-context.js";

type Lane = "high" | "low" | "surge";

/** The lanes of a priority queue and their consumers, high first. */
export function lanesOf(q: PriorityQueue): { lane: Lane; consumer: BoundedConsumer }[] {
  return [{ lane: "high", consumer: q.consumers.high }, { lane: "low", consumer: q.consumers.low }, ...(q.surge ? [{ lane: "surge" as const, consumer: q.surge.consumer }] : [])];
}

const laneTags = (pattern: string, lane: Lane) => ({ "bulkhead:pattern": pattern, "bulkhead:lane": lane });

/**
 * One queue with its DLQ per lane, each sized by its own consumer's settings; built before
 * any function, since producers anywhere in the stack send to them.
 */
export function priorityLanes(ctx: StackContext, pattern: string, q: PriorityQueue): PriorityLanes {
  const prefix = namePrefix(ctx, pattern);
  const queues: Partial<Record<Lane, PriorityLanes["queues"]["high"]>> = {};
  for (const { lane, consumer } of lanesOf(q)) {
    const settings = consumerSettings(ctx, consumer);
    const name = `${prefix}-${lane}`;
    queues[lane] = queueWithDlq(ctx, `${pattern}-${lane}`, { name, visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds, settings: settings.queue, tags: laneTags(pattern, lane) }).queue;
  }
  const lanes = { high: `${prefix}-high`, low: `${prefix}-low`, ...(q.surge ? { surge: `${prefix}-surge` } : {}) };
  const producerSettings = JSON.stringify({ pattern, lanes, ...(q.surge ? { surgeWhenBacklogOver: q.surge.whenBacklogOver } : {}) });
  return { queues: queues as PriorityLanes["queues"], producerSettings };
}

/**
 * One bounded consumer per lane. The lanes share one idempotency scope (work deferred after
 * it ran still runs once); high and surge move work older than deferAfterSeconds to the low
 * lane; every lane drops work older than expireAfterSeconds, which an alarm counts.
 */
export function priorityConsumers(ctx: StackContext, pattern: string, q: PriorityQueue): void {
  const prefix = namePrefix(ctx, pattern);
  // `@` cannot be in a function name; keys live until expiry plus SQS's longest visibility timeout.
  const scope = `${prefix}@lanes`;
  const ttlSeconds = Math.max(LANE_IDEMPOTENCY_TTL_FLOOR_SECONDS, q.expireAfterSeconds + 43_200);
  const { queues } = ctx.lanes.get(pattern)!;
  for (const { lane, consumer } of lanesOf(q)) {
    const defers = lane !== "low";
    consumerFunction(ctx, `${pattern}-${lane}`, {
      name: `${prefix}-${lane}`,
      consumer,
      queues: [queues[lane]!],
      maximumConcurrency: mappingCap(consumer),
      reservedConcurrency: consumer.reservedConcurrency,
      messageFormat: "raw",
      tags: laneTags(pattern, lane),
      lane: {
        idempotencyScope: scope,
        environment: {
          BULKHEAD_LANE: lane,
          BULKHEAD_IDEMPOTENCY_SCOPE: scope,
          BULKHEAD_IDEMPOTENCY_TTL_SECONDS: String(ttlSeconds),
          BULKHEAD_EXPIRE_AFTER_SECONDS: String(q.expireAfterSeconds),
          ...(defers ? { BULKHEAD_DEFER_AFTER_SECONDS: String(q.deferAfterSeconds), BULKHEAD_DEFER_TO_QUEUE: `${prefix}-low` } : {}),
        },
        ...(defers ? { deferTo: queues.low } : {}),
      },
    });
  }
}
