import { DEFAULTS } from "../../model/defaults.js";
import { AWS_LIMITS } from "../../model/limits.js";
import { derivedVisibilityTimeout } from "../../model/queue-consumer.js";
import { queueOf } from "../lookup.js";
import { finding, type Finding, type Rule } from "../rule.js";

const name = "visibility-timeout";

/** A message that becomes visible while its batch is still running is processed twice. */
export const visibilityTimeout: Rule = {
  name,
  why: "a visibility timeout shorter than the consumer's run redelivers messages that are still being processed",
  check(model) {
    const findings: Finding[] = [];
    for (const fn of model.functions) {
      for (const source of fn.eventSources) {
        const queue = queueOf(model, source.queue);
        if (!queue) continue;
        const needed = derivedVisibilityTimeout(fn.timeoutSeconds, source.maximumBatchingWindowSeconds);
        const path = queue.settingPaths.visibilityTimeoutSeconds;
        if (queue.visibilityTimeoutSeconds < needed) {
          findings.push(
            finding(name, path, `must be at least ${needed} (${DEFAULTS.visibilityTimeoutMultiplier} x timeout ${fn.timeoutSeconds} s + batching window ${source.maximumBatchingWindowSeconds} s), got ${queue.visibilityTimeoutSeconds}`),
          );
        } else if (queue.visibilityTimeoutSeconds > AWS_LIMITS.sqsMaxVisibilityTimeoutSeconds) {
          findings.push(finding(name, path, `must be at most ${AWS_LIMITS.sqsMaxVisibilityTimeoutSeconds} (SQS limit), got ${queue.visibilityTimeoutSeconds}`));
        }
      }
    }
    return findings;
  },
};
