import { finding, type Rule } from "../rule.js";

const name = "redrive-operators";

/**
 * A DLQ redrive sends to the source queue as the person or role redriving, and a tenant-aware
 * queue denies every sender it does not trust: without operators, nobody can redrive its DLQ.
 */
export const redriveOperators: Rule = {
  name,
  why: "a tenant-aware queue trusts no operator, so a redrive of its DLQ back to it is denied",
  check(model) {
    const patterns = new Map<string, string>();
    for (const queue of model.queues) {
      const access = queue.access;
      if (access?.tenants === undefined) continue;
      const trustsOperator = access.trusted.some((p) => typeof p === "string");
      if (!trustsOperator && !patterns.has(access.pattern)) patterns.set(access.pattern, queue.name);
    }
    return [...patterns].map(([pattern, queue]) =>
      finding(
        name,
        ["patterns", pattern],
        `nobody outside the service may send to ${pattern}'s queues (e.g. ${queue}), so redriving their DLQs back is denied: ` +
          `name the role that redrives under the service's operators (or the pattern's externalProducers.routers)`,
        "warning",
      ),
    );
  },
};
