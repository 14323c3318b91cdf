import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy/index.js";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import type { Construct } from "constructs";
import type { Fanout } from "../service-case.js";
import { consumerFunction } from "./consumer-function.js";
import { consumerSettings, mappingCap } from "./consumer-settings.js";
import { TRACING } from "./defaults.js";
import { literal } from "./escape.js";
import { denyInsecureTransport, policy, restrictSenders, TOPIC_PUBLISH } from "./policies.js";
import { queueWithDlq } from "./queue-with-dlq.js";
import { sendersOf } from "./senders.js";
import { namePrefix, type StackContext } from "./stack-context.js";

/** An encrypted topic that refuses requests without TLS, and publishers other than the service's senders and the ones the spec names. */
export function fanoutTopic(scope: Construct, ctx: Pick<StackContext, "service" | "env" | "roles">, pattern: string, fanout: Fanout): SnsTopic {
  const topic = new SnsTopic(scope, `${pattern}-topic`, {
    name: namePrefix(ctx, pattern),
    kmsMasterKeyId: "alias/aws/sns",
    tracingConfig: (ctx.service.tracing ?? TRACING) ? "Active" : "PassThrough",
    tags: { "bulkhead:pattern": pattern },
  });
  const publishers = restrictSenders(topic.arn, sendersOf(ctx, pattern, fanout.externalPublishers ?? [], true), TOPIC_PUBLISH);
  new SnsTopicPolicy(scope, `${pattern}-topic-policy`, { arn: topic.arn, policy: policy([denyInsecureTransport("sns:Publish", topic.arn), ...publishers]) });
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
    consumerFunction(ctx, id, { name, consumer: s, queues: [queue], maximumConcurrency: mappingCap(s), reservedConcurrency: s.reservedConcurrency, messageFormat: raw ? "raw" : "sns-envelope", tags });
  }
}
