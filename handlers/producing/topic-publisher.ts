import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import { createClaimCheck } from "../claim-check/store.js";
import { defaultSnsClient, snsSdk } from "../shared/aws-sdk.js";
import { patternVariable } from "../shared/pattern-variables.js";
import { encodePayload, requireKey, sendsToSetting, stampedAttributes } from "./outgoing-message.js";
import { bulkheadMessageId } from "./shard-router-keys.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface TopicPublisherOptions {
  /** Replacement for the default client; tests point it at a local endpoint. */
  sns?: SNSClient;
  /** Where the topic ARN (and the claim-check bucket and threshold) are read from; default `process.env`. */
  env?: Env;
  /** The client claim-checked bodies are stored with; the default one is created on the first body over the threshold. */
  s3?: S3Client;
}

export interface PublishOptions {
  /**
   * Identifies the event, not just the entity: `bulkhead-message-id` (and, on a FIFO topic, the
   * deduplication id) comes from pattern and key alone, so two events of one pattern must not share
   * a key, even across tenants or event types.
   */
  key: string;
  /** More String message attributes, e.g. the `eventType` subscribers filter on; `tenant` and `bulkhead-message-id` are the publisher's own. */
  attributes?: Record<string, string>;
  /** Set as the `tenant` attribute, which consumers read; on a FIFO topic also the message group. */
  tenant?: string;
}

export interface PublishResult {
  /** SNS's id: a new one for every publish, even of the same key. */
  messageId: string;
  /** The same for every publish of the same pattern and key. */
  bulkheadMessageId: string;
}

export interface TopicPublisher {
  readonly pattern: string;
  /** Publishes the payload as JSON to the pattern's topic. */
  publish(payload: unknown, options: PublishOptions): Promise<PublishResult>;
}

/**
 * Where the synthesizer puts the ARN of a fan-out's topic for the functions that send to it:
 * `order-events` gives `BULKHEAD_TOPIC_ARN_ORDER_EVENTS`. Mirrors `topicArnVariable` in
 * patterns/fanout/resolve.ts (a test keeps them equal), since the runtime does not import the synthesizer.
 */
export function topicArnVariable(pattern: string): string {
  return patternVariable("BULKHEAD_TOPIC_ARN", pattern);
}

/**
 * Publishes to the topic of a fan-out pattern the function's spec lists in `sendsTo`. A body over
 * the pattern's claim-check threshold goes to the claim-check bucket, once for every subscriber,
 * and the topic gets a pointer to it.
 */
export function createTopicPublisher(pattern: string, options: TopicPublisherOptions = {}): TopicPublisher {
  const env = options.env ?? process.env;
  const claimCheck = createClaimCheck(pattern, { env, s3: options.s3 });
  // Read on first publish, so that a module building its publisher at import loads without the variable.
  let topicArn: string | undefined;

  return {
    pattern,
    async publish(payload, { key, attributes = {}, tenant }) {
      const id = bulkheadMessageId(pattern, requireKey(key));
      topicArn ??= readTopicArn(env, pattern);
      const fifo = topicArn.endsWith(".fifo");
      const message = await claimCheck.offload(
        { body: encodePayload(payload), attributes: stampedAttributes(attributes, { tenant, id }, "topic publisher") },
        id,
      );
      // Loaded on the first publish, not at import; the default client is shared by every publisher of the environment.
      const { PublishCommand } = await snsSdk();
      const sns = options.sns ?? (await defaultSnsClient());
      const { MessageId } = await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: message.body,
          MessageAttributes: message.attributes,
          // A tenant's events stay in order among themselves without holding up other tenants'; a
          // retried publish within SNS's 5-minute deduplication window is dropped.
          ...(fifo ? { MessageGroupId: tenant ?? key, MessageDeduplicationId: id } : {}),
        }),
      );
      return { messageId: MessageId!, bulkheadMessageId: id };
    },
  };
}

function readTopicArn(env: Env, pattern: string): string {
  return sendsToSetting(env, topicArnVariable(pattern), pattern, `topic to publish "${pattern}" events to`);
}
