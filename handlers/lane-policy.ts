import type { SQSRecord } from "aws-lambda";
import type { LaneConfig } from "./config.js";

/**
 * When work was first enqueued (milliseconds since the epoch), stamped by the priority publisher
 * and carried by every move between lanes: SQS's own SentTimestamp restarts at each send.
 */
export const ENQUEUED_AT_ATTRIBUTE = "bulkhead-enqueued-at";

/** The business key the work was sent with, so a dropped message can be named in the log. */
export const KEY_ATTRIBUTE = "bulkhead-key";

export type LaneDecision = "run" | "defer" | "expire";

/** The first enqueue time; a message from another producer counts from its own SentTimestamp. */
export function firstEnqueuedAt(record: SQSRecord): number {
  const stamped = Number(record.messageAttributes?.[ENQUEUED_AT_ATTRIBUTE]?.stringValue);
  if (Number.isFinite(stamped) && stamped > 0) return stamped;
  return Number(record.attributes.SentTimestamp);
}

/**
 * Expired work is dropped in every lane; in the high and surge lanes, work older than the deferral
 * age goes to the low lane unrun, so fresh work never waits behind it. The low lane never defers.
 */
export function laneDecision(lane: LaneConfig, ageMs: number): LaneDecision {
  if (ageMs > lane.expireAfterMs) return "expire";
  if (lane.deferAfterMs !== undefined && ageMs > lane.deferAfterMs) return "defer";
  return "run";
}
