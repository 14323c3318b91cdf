import { AWS_LIMITS, MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES, SNS_ENVELOPE_OVERHEAD_BYTES } from "./limits.js";
import type { PatternContext } from "./context.js";
import { DEFAULTS } from "./defaults.js";
import type { DeclaredPayloadModel, QueueModel, SubscriptionModel, TopicModel } from "./types.js";

/**
 * The largest payload each hop carries whole. Message attributes count towards SNS's and SQS's
 * limits. Non-raw delivery puts the payload into the SNS envelope as a JSON string, so every `"`
 * and `\` is escaped: at worst the payload doubles, plus the envelope's own fields.
 */
export interface HopBudget {
  /** What the hop is, for messages: "SNS publish", "delivery to queue x". */
  readonly hop: string;
  readonly payloadBytes: number;
}

export function publishBudget(): HopBudget {
  return { hop: `SNS publish (${AWS_LIMITS.snsMaxPayloadBytes} bytes less ${MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES} for message attributes)`, payloadBytes: AWS_LIMITS.snsMaxPayloadBytes - MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES };
}

export function deliveryBudget(queue: QueueModel, subscription: SubscriptionModel): HopBudget {
  const room = queue.maxMessageSizeBytes - MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES;
  return subscription.rawMessageDelivery
    ? { hop: `raw delivery to queue ${queue.name}`, payloadBytes: room }
    : { hop: `enveloped delivery to queue ${queue.name} (payload escaped, up to twice its size, in a ${SNS_ENVELOPE_OVERHEAD_BYTES}-byte envelope)`, payloadBytes: Math.floor((room - SNS_ENVELOPE_OVERHEAD_BYTES) / 2) };
}

/** A queue producers send to straight (lanes, shards, silos): the body beside its attributes and the pattern's own. */
export function directBudget(queue: QueueModel, patternAttributeBytes: number): HopBudget {
  return { hop: `queue ${queue.name}`, payloadBytes: queue.maxMessageSizeBytes - MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES - patternAttributeBytes };
}

/** What a router's producers send straight to a pattern's queues; they stamp only the attributes every message gets. */
export function directPayload(ctx: PatternContext, bytes: number | undefined): DeclaredPayloadModel {
  return { bytes: bytes ?? DEFAULTS.maxPayloadBytes, patternAttributeBytes: 0, source: bytes === undefined ? ctx.source : [...ctx.source, "maxPayloadBytes"] };
}

/** Every hop a topic's messages take: the publish, then each subscription's delivery. */
export function topicBudgets(topic: TopicModel, subscriptions: readonly SubscriptionModel[], queues: readonly QueueModel[]): HopBudget[] {
  const deliveries = subscriptions
    .filter((s) => s.topic.id === topic.id)
    .flatMap((s) => {
      const queue = queues.find((q) => q.id === s.queue.id);
      return queue ? [deliveryBudget(queue, s)] : [];
    });
  return [publishBudget(), ...deliveries];
}

/** The tightest hop: a payload above it goes by reference. */
export function tightest(budgets: readonly HopBudget[]): HopBudget {
  return budgets.reduce((a, b) => (b.payloadBytes < a.payloadBytes ? b : a));
}
