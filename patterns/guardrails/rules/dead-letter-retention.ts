import { finding, type Rule } from "../rule.js";

const name = "dead-letter-retention";

/**
 * A standard queue's message keeps its original enqueue time when it moves to the DLQ, so a DLQ
 * that retains no longer than its source deletes failed messages as they arrive (FIFO queues
 * reset the time, so they are exempt).
 */
export const deadLetterRetention: Rule = {
  name,
  why: "a dead-lettered message keeps its enqueue time: a DLQ must retain messages longer than its source queue",
  check(model) {
    return model.queues
      .filter((q) => !q.fifo && q.deadLetterQueue && q.deadLetterQueue.messageRetentionSeconds <= q.messageRetentionSeconds)
      .map((q) =>
        finding(
          name,
          q.settingPaths.messageRetentionSeconds,
          `must be less than the retention of ${q.deadLetterQueue!.name} (${q.deadLetterQueue!.messageRetentionSeconds} s), got ${q.messageRetentionSeconds}: ` +
            `a dead-lettered message keeps its original enqueue time, so it would expire from the DLQ before anyone can redrive it`,
        ),
      );
  },
};
