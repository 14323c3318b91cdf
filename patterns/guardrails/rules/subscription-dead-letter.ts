import { finding, type Rule } from "../rule.js";

const name = "subscription-dead-letter";

export const subscriptionDeadLetter: Rule = {
  name,
  why: "SNS drops a message it cannot deliver to a subscription after its retries unless the subscription has a DLQ",
  check(model) {
    return model.subscriptions
      .filter((s) => !s.deadLetterQueue)
      .map((s) => finding(name, s.source, `subscription ${s.id} has no dead-letter queue for undeliverable messages`));
  },
};
