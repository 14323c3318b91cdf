import { AWS_LIMITS } from "../../model/limits.js";
import { finding, type Finding, type Rule } from "../rule.js";

const name = "batch-size";

/** Lambda rejects SQS batches over 10 without a batching window, and over 10,000 at all. */
export const batchSize: Rule = {
  name,
  why: "SQS event sources take more than 10 records only with a batching window, and never more than 10,000",
  check(model) {
    const findings: Finding[] = [];
    for (const fn of model.functions) {
      for (const s of fn.eventSources) {
        const path = fn.settingPaths.batchSize;
        if (s.batchSize > AWS_LIMITS.sqsMaxBatchSize) {
          findings.push(finding(name, path, `must be at most ${AWS_LIMITS.sqsMaxBatchSize}, got ${s.batchSize}`));
        } else if (s.batchSize > AWS_LIMITS.sqsBatchSizeWithoutWindow && s.maximumBatchingWindowSeconds === 0) {
          findings.push(finding(name, path, `more than ${AWS_LIMITS.sqsBatchSizeWithoutWindow} records need batchingWindowSeconds of at least 1, got batchSize ${s.batchSize} with no window`));
        }
      }
    }
    return findings;
  },
};
