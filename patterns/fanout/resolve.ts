import { namePrefix, patternTags, type PatternContext } from "../model/context.js";
import { DEFAULTS } from "../model/defaults.js";
import { AWS_LIMITS } from "../model/limits.js";
import { resourceName } from "../model/naming.js";
import type { ModelPart } from "../model/part.js";
import { resolveQueueConsumer } from "../model/queue-consumer.js";
import { publishAccess } from "../model/send-access.js";
import type { Producer, ResourceRef, SubscriptionModel, TopicModel } from "../model/types.js";
import type { FanoutSpec } from "./spec.js";

/** One topic; per subscriber a subscription, a resilient queue admitting only that topic, and a consumer. */
export function resolveFanout(ctx: PatternContext, spec: FanoutSpec): ModelPart {
  const fifo = spec.fifo ?? false;
  const topicRef: ResourceRef = { kind: "topic", id: ctx.pattern };
  const fromTopic: Producer = { kind: "topic", topic: topicRef };
  const tags = patternTags(ctx);
  const topic: TopicModel = {
    id: ctx.pattern,
    name: resourceName(namePrefix(ctx), AWS_LIMITS.snsNameLength, fifo ? ".fifo" : ""),
    fifo,
    kmsKeyId: DEFAULTS.topic.kmsKeyId,
    maxPayloadBytes: spec.maxPayloadBytes ?? DEFAULTS.maxPayloadBytes,
    access: publishAccess(ctx, spec.externalPublishers),
    tracing: ctx.tracing,
    tags,
    source: ctx.source,
  };
  const part: ModelPart = {
    topics: [topic],
    queues: [],
    subscriptions: [],
    functions: [],
    ingress: { targets: [topicRef], actions: ["sns:Publish"], routed: false, environment: { [topicArnVariable(ctx.pattern)]: topicRef } },
  };
  for (const [subscriber, subscriberSpec] of Object.entries(spec.subscribers)) {
    const id = `${ctx.pattern}-${subscriber}`;
    const source = [...ctx.source, "subscribers", subscriber];
    const raw = subscriberSpec.rawMessageDelivery ?? true;
    const { queues, fn } = resolveQueueConsumer(ctx, {
      id,
      nameParts: [...namePrefix(ctx), subscriber],
      spec: subscriberSpec,
      fifo,
      messageFormat: raw ? "raw" : "sns-envelope",
      producers: [fromTopic],
      deadLetterProducers: [fromTopic],
      tags: patternTags(ctx, { "bulkhead:subscriber": subscriber }),
      source,
    });
    const subscription: SubscriptionModel = {
      id,
      topic: topicRef,
      queue: { kind: "queue", id },
      rawMessageDelivery: raw,
      filterPolicy: subscriberSpec.filter,
      filterPolicyScope: subscriberSpec.filterScope === "body" ? "MessageBody" : "MessageAttributes",
      deadLetterQueue: { kind: "dlq", id },
      source,
    };
    part.queues!.push(...queues);
    part.functions!.push(fn);
    part.subscriptions!.push(subscription);
  }
  return part;
}

/** Where a sender finds the topic's ARN: `order-events` gives `BULKHEAD_TOPIC_ARN_ORDER_EVENTS`. */
export function topicArnVariable(pattern: string): string {
  return `BULKHEAD_TOPIC_ARN_${pattern.toUpperCase().replace(/-/g, "_")}`;
}
