import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createClaimCheck } from "../claim-check/store.js";
import { defaultSqsClient, sqsSdk } from "../shared/aws-sdk.js";
import { ENQUEUED_AT_ATTRIBUTE, KEY_ATTRIBUTE } from "../shared/attributes.js";
import { patternVariable } from "../shared/pattern-variables.js";
import { encodePayload, requireKey, sendsToSetting, stampedAttributes } from "./outgoing-message.js";
import { bulkheadMessageId } from "./shard-router-keys.js";
import { queueUrl } from "../shared/queue-urls.js";

type Env = Readonly<Record<string, string | undefined>>;
export type Priority = "high" | "low";

/** The shape patterns/priority-queue/settings.ts writes into the producer's environment. */
interface PriorityQueueSettings {
  pattern: string;
  lanes: { high: string; low: string; surge?: string };
  surgeWhenBacklogOver?: number;
}

export interface PriorityPublisherOptions {
  sqs?: SQSClient;
  /** The client claim-checked bodies are stored with; the default one is created on the first body over the threshold. */
  s3?: S3Client;
  /** Where the lanes (and the claim-check bucket and threshold) are read from; default `process.env`. */
  env?: Env;
  now?: () => number;
  /**
   * How long one reading of the high lane's backlog is used before asking SQS again. It bounds
   * how late routing switches to (and back from) the surge lane, and the cost: one
   * GetQueueAttributes per window per execution environment, however many messages it sends.
   */
  backlogCacheMs?: number;
}

export interface PrioritySendOptions {
  /** Identifies the work: the bulkhead-message-id (consumers' default idempotency key) comes from pattern and key. At most 256 bytes (UTF-8). */
  key: string;
  /** Default high. */
  priority?: Priority;
  tenant?: string;
  /** More String message attributes (up to 6: SQS takes 10, and the publisher stamps up to 4). */
  attributes?: Record<string, string>;
}

export interface PrioritySendResult {
  lane: "high" | "low" | "surge";
  queueName: string;
  messageId: string;
  bulkheadMessageId: string;
}

export interface PriorityPublisher {
  readonly pattern: string;
  send(payload: unknown, options: PrioritySendOptions): Promise<PrioritySendResult>;
}

export const DEFAULT_BACKLOG_CACHE_MS = 10_000;
/** Keeps the pattern's own attributes within the bytes the payload guardrail budgets for them. */
export const MAX_KEY_BYTES = 256;
/** SQS takes ten message attributes; the publisher stamps up to four (tenant, id, key, enqueue time). */
const MAX_OWN_ATTRIBUTES = 6;

/** Mirrors patterns/priority-queue/settings.ts (a test keeps them equal). */
export function priorityQueueVariable(pattern: string): string {
  return patternVariable("BULKHEAD_PRIORITY_QUEUE", pattern);
}

/**
 * Sends work to a priority-queue pattern the function's spec lists in `sendsTo`: low work to the
 * low lane; high work to the high lane, or to the surge lane while the high lane's backlog is over
 * the pattern's threshold. Every message carries its first enqueue time, its key and a
 * deterministic bulkhead-message-id, which survive deferral to the low lane.
 */
export function createPriorityPublisher(pattern: string, options: PriorityPublisherOptions = {}): PriorityPublisher {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const cacheMs = options.backlogCacheMs ?? DEFAULT_BACKLOG_CACHE_MS;
  const claimCheck = createClaimCheck(pattern, { env, s3: options.s3 });
  let settings: PriorityQueueSettings | undefined;
  let backlog: { readAt: number; over: Promise<boolean> } | undefined;
  const sqs = (): Promise<SQSClient> => (options.sqs ? Promise.resolve(options.sqs) : defaultSqsClient());

  /** Whether the high lane is backed up, from a reading at most `cacheMs` old; concurrent sends share one read. */
  const highLaneBackedUp = (s: PriorityQueueSettings): Promise<boolean> => {
    if (backlog === undefined || now() - backlog.readAt >= cacheMs) {
      backlog = { readAt: now(), over: sqs().then((client) => readBacklog(client, s.lanes.high)).then((visible) => visible > s.surgeWhenBacklogOver!, () => false) };
    }
    return backlog.over;
  };

  return {
    pattern,
    async send(payload, { key, priority = "high", tenant, attributes = {} }) {
      requireKey(key);
      const keyBytes = Buffer.byteLength(key, "utf8");
      if (keyBytes > MAX_KEY_BYTES) throw new TypeError(`key is ${keyBytes} bytes long; a priority queue key may have at most ${MAX_KEY_BYTES}`);
      if (priority !== "high" && priority !== "low") throw new TypeError(`priority must be "high" or "low", got ${JSON.stringify(priority)}`);
      settings ??= readSettings(env, pattern);
      const lane = priority === "low" ? "low" : settings.lanes.surge !== undefined && (await highLaneBackedUp(settings)) ? "surge" : "high";
      const queueName = settings.lanes[lane]!;
      const id = bulkheadMessageId(pattern, key);
      const own = Object.fromEntries(Object.entries(attributes).filter(([name]) => name !== ENQUEUED_AT_ATTRIBUTE && name !== KEY_ATTRIBUTE));
      if (Object.keys(own).length !== Object.keys(attributes).length) {
        throw new Error(`message attributes "${ENQUEUED_AT_ATTRIBUTE}" and "${KEY_ATTRIBUTE}" are set by the priority publisher; use other names`);
      }
      if (Object.keys(own).length > MAX_OWN_ATTRIBUTES) {
        throw new Error(`${Object.keys(own).length} message attributes given; a priority queue message takes at most ${MAX_OWN_ATTRIBUTES} of yours (SQS allows 10, the publisher sets 4)`);
      }
      // Deferral to the low lane forwards the pointer as it is, so the body is stored once, under the message's id.
      const message = await claimCheck.offload(
        {
          body: encodePayload(payload),
          attributes: {
            ...stampedAttributes(own, { tenant, id }, "priority publisher"),
            [ENQUEUED_AT_ATTRIBUTE]: { DataType: "String", StringValue: String(now()) },
            [KEY_ATTRIBUTE]: { DataType: "String", StringValue: key },
          },
        },
        id,
      );
      const [{ SendMessageCommand }, client] = await Promise.all([sqsSdk(), sqs()]);
      const { MessageId } = await client.send(
        new SendMessageCommand({ QueueUrl: await queueUrl(client, queueName), MessageBody: message.body, MessageAttributes: message.attributes }),
      );
      return { lane, queueName, messageId: MessageId!, bulkheadMessageId: id };
    },
  };
}

async function readBacklog(sqs: SQSClient, queueName: string): Promise<number> {
  const { GetQueueAttributesCommand } = await sqsSdk();
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await queueUrl(sqs, queueName), AttributeNames: ["ApproximateNumberOfMessages"] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

function readSettings(env: Env, pattern: string): PriorityQueueSettings {
  const name = priorityQueueVariable(pattern);
  const text = sendsToSetting(env, name, pattern, `priority queue to send "${pattern}" work to`);
  try {
    return JSON.parse(text) as PriorityQueueSettings;
  } catch (error) {
    throw new Error(`${name} is not the JSON the synthesizer writes: ${(error as Error).message}`, { cause: error });
  }
}
