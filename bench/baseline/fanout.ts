import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { Construct } from "constructs";
import type { Fanout, Subscriber } from "../service-case.js";
import { consumerFunction } from "./consumer-function.js";
import { consumerSettings } from "./consumer-settings.js";
import { CONSUMER_DEFAULTS } from "./defaults.js";
import { literal } from "./escape.js";
import { denyInsecureTransport, policy } from "./policies.js";
import { queueWithDlq } from "./queue-with-dlq.js";
import { namePrefix, type StackContext } from "./stack-context.js";

/** An encrypted topic that refuses requests without TLS. */
export function fanoutTopic(scope: Construct, name: string, pattern: string): SnsTopic {
  const topic = new SnsTopic(scope, `${pattern}-topic`, { name, kmsMasterKeyId: "alias/aws/sns", tags: { "bulkhead:pattern": pattern } });
  new SnsTopicPolicy(scope, `${pattern}-topic-policy`, { arn: topic.arn, policy: policy([denyInsecureTransport("sns:Publish", topic.arn)]) });
  return topic;
}

/** Per subscriber: a queue only the topic may send to, its subscription, and its consumer. */
export function fanoutSubscribers(ctx: StackContext, pattern: string, fanout: Fanout): void {
  const topic = ctx.topics.get(pattern)!;
  const prefix = namePrefix(ctx, pattern);
  for (const [subscriber, s] of Object.entries(fanout.subscribers)) {
    const id = `${pattern}-${subscriber}`;
    const name = `${prefix}-${subscriber}`;
    const tags = { "bulkhead:pattern": pattern, "bulkhead:subscriber": subscriber };
    const raw = s.rawMessageDelivery ?? true;
    const settings = consumerSettings(ctx, s);
    const { queue, dlq } = queueWithDlq(ctx, id, { name, visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds, settings: settings.queue, topicArn: topic.arn, tags });
    new SnsTopicSubscription(ctx.stack, `${id}-subscription`, {
      topicArn: topic.arn,
      protocol: "sqs",
      endpoint: queue.arn,
      rawMessageDelivery: raw,
      ...(s.filter ? { filterPolicy: literal(JSON.stringify(s.filter)), filterPolicyScope: s.filterScope === "body" ? "MessageBody" : "MessageAttributes" } : {}),
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }),
    });
    consumerFunction(ctx, id, { name, consumer: s, queues: [queue], maximumConcurrency: subscriberConcurrency(s), reservedConcurrency: s.reservedConcurrency, messageFormat: raw ? "raw" : "sns-envelope", tags });
  }
}

/** The mapping's cap: as asked, else the reservation (at most 1000, so the poller is never throttled), else the default. */
function subscriberConcurrency(s: Subscriber): number {
  return s.maxConcurrency ?? (s.reservedConcurrency === undefined ? CONSUMER_DEFAULTS.maxConcurrency : Math.min(s.reservedConcurrency, 1000));
}
