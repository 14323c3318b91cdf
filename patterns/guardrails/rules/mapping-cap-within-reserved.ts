import { finding, type Rule } from "../rule.js";

const name = "mapping-cap-within-reserved";

/**
 * A mapping allowed more concurrent batches than the function may run gets throttled; a
 * throttled batch returns to the queue, counts as a receive, and healthy messages reach the DLQ.
 */
export const mappingCapWithinReserved: Rule = {
  name,
  why: "an event source allowed more concurrency than the function reserves is throttled, and throttled messages end in the DLQ",
  check(model) {
    return model.functions.flatMap((f) => {
      const reserved = f.reservedConcurrency;
      if (reserved === undefined) return [];
      return f.eventSources
        .filter((e) => e.maximumConcurrency !== undefined && e.maximumConcurrency > reserved)
        .slice(0, 1)
        .map((e) =>
          finding(
            name,
            f.settingPaths.maxConcurrency,
            `must be at most the function's reservedConcurrency (${reserved}), got ${e.maximumConcurrency}: Lambda would throttle the extra batches back into the queue and towards the DLQ`,
          ),
        );
    });
  },
};
