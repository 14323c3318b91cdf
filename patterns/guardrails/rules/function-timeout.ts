import { timeGuardMarginMs } from "../../model/consumer-function.js";
import { AWS_LIMITS } from "../../model/limits.js";
import type { FunctionModel } from "../../model/types.js";
import { finding, type Rule } from "../rule.js";

const name = "function-timeout";

export const functionTimeout: Rule = {
  name,
  why: "Lambda stops a function after 900 s; and a timeout that leaves no time after the runtime's safety margin defers every record but the first, every delivery, until healthy work reaches the DLQ",
  check(model) {
    return model.functions.flatMap((f) => {
      if (f.timeoutSeconds > AWS_LIMITS.lambdaMaxTimeoutSeconds) {
        return [finding(name, f.settingPaths.timeoutSeconds, `must be at most ${AWS_LIMITS.lambdaMaxTimeoutSeconds} seconds, got ${f.timeoutSeconds}`)];
      }
      return tooShortForBatches(f) ? [tooShortFinding(f)] : [];
    });
  },
};

/** The first record of a batch always starts; every later one needs more than the margin left. */
function tooShortForBatches(f: FunctionModel): boolean {
  const batched = f.eventSources.some((e) => e.batchSize > 1);
  return batched && f.timeoutSeconds * 1000 < 2 * timeGuardMarginMs(f.timeoutSeconds);
}

function tooShortFinding(f: FunctionModel) {
  const margin = timeGuardMarginMs(f.timeoutSeconds);
  return finding(
    name,
    f.settingPaths.timeoutSeconds,
    `${f.timeoutSeconds} s is too short for batches: the runtime starts no record with less than ${margin} ms left, so only the first record of each batch would run ` +
      `and the rest would return until they reach the DLQ unrun; set timeoutSeconds to at least ${Math.ceil((2 * margin) / 1000)} or batchSize to 1`,
  );
}
