import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { screenTenants } from "../tenancy/tenant-screening.js";
import type { BatchTally } from "./batch-metrics.js";
import { triageLane } from "./lane-triage.js";
import type { ConsumerRuntime } from "./runtime.js";

export interface SortedBatch {
  /** What goes on to idempotency and the business logic. */
  run: SQSRecord[];
  /** Message ids set aside unrun and to report for retry (a dead-letter or deferral send that failed). */
  retry: string[];
}

/**
 * Sorts a batch before anything runs, counting what it sets aside in the tally. The tenant check
 * comes first: a record its queue does not serve must not reach any other stage, not even a
 * deferral that would carry it to another lane.
 */
export async function sortBatch(records: SQSRecord[], runtime: ConsumerRuntime, tally: BatchTally, o: { now: () => number; sqs?: SQSClient }): Promise<SortedBatch> {
  const { config, logger, tenantRule } = runtime;
  let run = records;
  const retry: string[] = [];
  if (tenantRule !== undefined) {
    const screening = await screenTenants(run, await tenantRule(), { logger, sqs: o.sqs });
    tally.tenantRejected = screening.rejected;
    retry.push(...screening.failed);
    run = screening.accepted;
  }
  if (config.lane !== undefined) {
    const lane = await triageLane(run, config.lane, { now: o.now(), logger, sqs: o.sqs });
    tally.expired = lane.expired;
    tally.deferred = lane.deferred;
    retry.push(...lane.failed);
    run = lane.run;
  }
  return config.queueKind === "fifo" && retry.length > 0 ? holdBackGroups(records, run, retry) : { run, retry };
}

/**
 * On a FIFO queue, a record set aside for retry must not be overtaken by the rest of its message
 * group: those are held back for retry too, as the batch runner holds back a group after a failure.
 */
function holdBackGroups(records: readonly SQSRecord[], run: readonly SQSRecord[], retry: readonly string[]): SortedBatch {
  const retrying = new Set(retry);
  const runnable = new Set(run);
  const blocked = new Set<string | undefined>();
  const sorted: SortedBatch = { run: [], retry: [...retry] };
  for (const record of records) {
    const group = record.attributes.MessageGroupId;
    if (retrying.has(record.messageId)) blocked.add(group);
    else if (runnable.has(record)) {
      if (blocked.has(group)) sorted.retry.push(record.messageId);
      else sorted.run.push(record);
    }
  }
  return sorted;
}
