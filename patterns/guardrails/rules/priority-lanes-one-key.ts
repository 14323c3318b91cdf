import { finding, type Finding, type Rule } from "../rule.js";

const name = "priority-lanes-one-key";

/**
 * A priority queue's lanes share one idempotency scope so that work deferred from the high lane
 * after it already ran (its acknowledgement lost) is a duplicate in the low lane. That only holds
 * if every lane derives the same key from the same message.
 */
export const priorityLanesOneKey: Rule = {
  name,
  why: "lanes that key the same message differently would run deferred work twice",
  check(model) {
    const lanesByPattern = new Map<string, { lane: string; key?: string; source: readonly (string | number)[] }[]>();
    for (const q of model.queues) {
      if (!q.priorityLane) continue;
      const fn = model.functions.find((f) => f.eventSources.some((e) => e.queue.id === q.id));
      if (!fn) continue;
      const lanes = lanesByPattern.get(q.priorityLane.pattern) ?? [];
      lanes.push({ lane: q.priorityLane.lane, key: fn.idempotency?.keyExpression, source: fn.source });
      lanesByPattern.set(q.priorityLane.pattern, lanes);
    }
    const findings: Finding[] = [];
    for (const [pattern, lanes] of lanesByPattern) {
      const [first, ...rest] = lanes;
      const describe = (k?: string) => (k === undefined ? "none (the bulkhead-message-id)" : k);
      for (const other of rest.filter((l) => l.key !== first!.key)) {
        findings.push(
          finding(
            name,
            [...other.source, "idempotencyKey"],
            `must be the ${first!.lane} lane's idempotencyKey (${describe(first!.key)}), got ${describe(other.key)}: ` +
              `work ${pattern} defers from one lane to another must get the same key in both, or it can run twice`,
          ),
        );
      }
    }
    return findings;
  },
};
