import { finding, type Rule } from "../rule.js";

const name = "queue-dead-letter";

export const queueDeadLetter: Rule = {
  name,
  why: "without a DLQ a poison message is retried until it expires, blocking or slowing everything behind it",
  check(model) {
    return model.queues.filter((q) => !q.deadLetterQueue).map((q) => finding(name, q.source, `queue ${q.name} has no dead-letter queue`));
  },
};
