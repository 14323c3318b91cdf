import { finding, type Rule } from "../rule.js";

const name = "idempotency-window";

/**
 * A message can come back for as long as its queue keeps it (and, redriven, as long as its DLQ
 * did): a key forgotten sooner lets the second delivery run again, a charge twice.
 */
export const idempotencyWindow: Rule = {
  name,
  why: "an idempotency window shorter than the queue's retention lets a late redelivery run the work a second time",
  check(model) {
    return model.functions.flatMap((f) => {
      if (!f.idempotency) return [];
      const window = f.idempotency.ttlSeconds;
      const queues = f.eventSources.map((e) => model.queues.find((q) => q.id === e.queue.id)).filter((q) => q !== undefined);
      // A priority lane drops work older than expireAfterSeconds before it is looked up.
      const longest = Math.max(0, ...queues.map((q) => (q.priorityLane ? Math.min(q.messageRetentionSeconds, q.priorityLane.expireAfterSeconds) : q.messageRetentionSeconds)));
      if (window >= longest) return [];
      return [
        finding(
          name,
          f.settingPaths.idempotencyWindowSeconds,
          `${f.name} remembers a processed message for ${window} s, but its queue keeps messages for ${longest} s: ` +
            `a redelivery after ${window} s would run again; make idempotencyWindowSeconds at least ${longest} (the default also covers the DLQ's retention)`,
          "warning",
        ),
      ];
    });
  },
};
