import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import type { LaneConfig } from "./config.js";
import { deferRecords } from "./lane-deferral.js";
import { BULKHEAD_MESSAGE_ID_ATTRIBUTE, KEY_ATTRIBUTE } from "../shared/attributes.js";
import { firstEnqueuedAt, laneDecision } from "./lane-policy.js";

export interface LaneTriage {
  /** Records young enough to run in this lane. */
  run: SQSRecord[];
  expired: number;
  deferred: number;
  /** Message ids of records whose deferral could not be sent: reported for retry. */
  failed: string[];
}

/**
 * Sorts a priority lane's batch before anything runs: expired work is dropped (counted, logged
 * with its key), aged work in the high and surge lanes is moved to the low lane in batched sends,
 * and only the rest goes on to idempotency and the business logic. Deferring ahead of the batch
 * lets the lane skim a stale backlog at the speed of one SendMessageBatch per ten messages.
 */
export async function triageLane(records: readonly SQSRecord[], lane: LaneConfig, o: { now: number; logger: Logger; sqs?: SQSClient }): Promise<LaneTriage> {
  const run: SQSRecord[] = [];
  const toDefer: SQSRecord[] = [];
  let expired = 0;
  for (const record of records) {
    const ageMs = o.now - firstEnqueuedAt(record);
    const decision = laneDecision(lane, ageMs);
    if (decision === "run") run.push(record);
    else if (decision === "defer") toDefer.push(record);
    else {
      expired += 1;
      o.logger.warn("expired: older than expireAfterSeconds, dropped unrun", { ...describe(record), lane: lane.lane, ageSeconds: Math.round(ageMs / 1000) });
    }
  }
  const { failed, errors } = await deferRecords(toDefer, lane.deferTo!, o.sqs);
  const notSent = new Set(failed);
  const deferred = toDefer.filter((r) => !notSent.has(r.messageId));
  if (deferred.length > 0) {
    o.logger.info("deferred to the low lane: older than deferAfterSeconds", {
      lane: lane.lane,
      deferred: deferred.length,
      keys: deferred.map((r) => describe(r).key ?? r.messageId),
    });
  }
  if (failed.length > 0) {
    o.logger.error("could not defer to the low lane; reported for retry", { lane: lane.lane, failed: failed.length, sqsMessageIds: failed, errors });
  }
  return { run, expired, deferred: deferred.length, failed };
}

function describe(record: SQSRecord) {
  return {
    key: record.messageAttributes?.[KEY_ATTRIBUTE]?.stringValue,
    bulkheadMessageId: record.messageAttributes?.[BULKHEAD_MESSAGE_ID_ATTRIBUTE]?.stringValue,
    sqsMessageId: record.messageId,
  };
}
