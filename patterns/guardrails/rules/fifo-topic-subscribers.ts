import { queueOf } from "../lookup.js";
import { finding, type Rule } from "../rule.js";

const name = "fifo-topic-subscribers";

export const fifoTopicSubscribers: Rule = {
  name,
  why: "an SNS FIFO topic delivers only to SQS FIFO queues, keeping order end to end",
  check(model) {
    return model.subscriptions.flatMap((s) => {
      const topic = model.topics.find((t) => t.id === s.topic.id);
      const queue = queueOf(model, s.queue);
      if (!topic || !queue || topic.fifo === queue.fifo) return [];
      return [finding(name, s.source, `topic ${topic.name} is ${topic.fifo ? "FIFO" : "standard"} but queue ${queue.name} is ${queue.fifo ? "FIFO" : "standard"}`)];
    });
  },
};
