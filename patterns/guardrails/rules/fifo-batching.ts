import { AWS_LIMITS } from "../../model/limits.js";
import { queueOf } from "../lookup.js";
import { finding, type Finding, type Rule } from "../rule.js";

const name = "fifo-batching";

/** Lambda rejects FIFO event sources with batches over 10 or a batching window. */
export const fifoBatching: Rule = {
  name,
  why: "FIFO event sources take at most 10 records and no batching window",
  check(model) {
    const findings: Finding[] = [];
    for (const fn of model.functions) {
      for (const source of fn.eventSources) {
        if (!queueOf(model, source.queue)?.fifo) continue;
        if (source.batchSize > AWS_LIMITS.sqsFifoMaxBatchSize) {
          findings.push(finding(name, fn.settingPaths.batchSize, `must be at most ${AWS_LIMITS.sqsFifoMaxBatchSize} for a FIFO queue, got ${source.batchSize}`));
        }
        if (source.maximumBatchingWindowSeconds > 0) {
          findings.push(finding(name, fn.settingPaths.batchingWindowSeconds, `must be 0 for a FIFO queue, got ${source.maximumBatchingWindowSeconds}`));
        }
      }
    }
    return findings;
  },
};
