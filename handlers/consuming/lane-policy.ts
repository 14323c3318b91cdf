import type { SQSRecord } from "aws-lambda";
import { ENQUEUED_AT_ATTRIBUTE } from "../shared/attributes.js";
import type { LaneConfig } from "./config.js";

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
