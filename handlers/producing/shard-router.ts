import type { S3Client } from "@aws-sdk/client-s3";
import type { MessageAttributeValue, SQSClient } from "@aws-sdk/client-sqs";
import { createClaimCheck } from "../claim-check/store.js";
import { defaultSqsClient, sqsSdk } from "../shared/aws-sdk.js";
import { encodePayload, requireKey, stampedAttributes } from "./outgoing-message.js";
import type { RoutingTable } from "./routing-table.js";
import { sendInBatches, type BatchEntryFailure } from "./shard-router-batch.js";
import { UnknownTenantError } from "./shard-router-errors.js";
import { bulkheadMessageId, pickShard } from "./shard-router-keys.js";
import { queueUrl } from "../shared/queue-urls.js";

/** Replacements for the default clients and environment; tests point the clients at a local endpoint. */
export interface ShardRouterOptions {
  sqs?: SQSClient;
  /** The client claim-checked bodies are stored with; the default one is created on the first body over the threshold. */
  s3?: S3Client;
  /** Where the claim-check bucket and the pattern's threshold are read from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ShardSendOptions {
  /** The business key (e.g. the order id): picks the shard and identifies the message across retries. */
  key: string;
  /** More String message attributes; `tenant` and `bulkhead-message-id` are the router's own. */
  attributes?: Record<string, string>;
}

export interface ShardBatchEntry extends ShardSendOptions {
  payload: unknown;
}

export interface ShardSendResult {
  shard: number;
  queueName: string;
  /** SQS's id: a new one for every publish, even of the same key. */
  messageId: string;
  /** The same for every publish of the same pattern, tenant and key. */
  bulkheadMessageId: string;
}

export interface ShardRouter {
  readonly pattern: string;
  /** The tenant's shard for this key; throws UnknownTenantError for a tenant without shards. */
  shardFor(tenant: string, key: string): number;
  /** Sends the payload as JSON to the tenant's shard for the key. */
  send(tenant: string, payload: unknown, options: ShardSendOptions): Promise<ShardSendResult>;
  /**
   * Sends many messages of one tenant with SendMessageBatch. Results are in entry order; when some
   * are not accepted it throws ShardBatchSendError, which lists what was and was not sent.
   */
  sendBatch(tenant: string, entries: readonly ShardBatchEntry[]): Promise<ShardSendResult[]>;
}

/** A message with its destination decided and its body and attributes encoded. */
export interface RoutedMessage {
  destination: Omit<ShardSendResult, "messageId">;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
}

// Built on first use and kept for the life of the execution environment.
/** Sends a pattern's messages only to each tenant's own shard queues, as its routing table assigns them. */
export function createShardRouter(table: RoutingTable, options: ShardRouterOptions = {}): ShardRouter {
  // The SDK is loaded on the first send, not when the router is built at import.
  const client = (): Promise<SQSClient> => (options.sqs ? Promise.resolve(options.sqs) : defaultSqsClient());
  const { pattern, queues } = table;
  const claimCheck = createClaimCheck(pattern, { env: options.env, s3: options.s3 });
  // Sorted copies: which shard a key picks must not depend on the order a table lists the set in,
  // so that every producer of the pattern, whichever copy of the table it reads, picks the same one.
  const shardSets = new Map(
    Object.entries(table.tenants).map(([tenant, shards]) => [tenant, [...shards].sort((a, b) => a - b)]),
  );

  const shardFor = (tenant: string, key: string): number => {
    const shards = shardSets.get(tenant);
    if (shards === undefined) throw new UnknownTenantError(tenant, pattern);
    return pickShard(shards, requireKey(key));
  };

  const route = (tenant: string, payload: unknown, { key, attributes = {} }: ShardSendOptions): RoutedMessage => {
    const shard = shardFor(tenant, key);
    const id = bulkheadMessageId(pattern, tenant, key);
    return {
      destination: { shard, queueName: queues[shard]!, bulkheadMessageId: id },
      body: encodePayload(payload),
      attributes: stampedAttributes(attributes, { tenant, id }, "shard router"),
    };
  };

  return {
    pattern,
    shardFor,
    async send(tenant, payload, options) {
      const routed = route(tenant, payload, options);
      const { destination } = routed;
      const { body, attributes } = await claimCheck.offload(routed, destination.bulkheadMessageId);
      const [{ SendMessageCommand }, sqs] = await Promise.all([sqsSdk(), client()]);
      const { MessageId } = await sqs.send(
        new SendMessageCommand({
          QueueUrl: await queueUrl(sqs, destination.queueName),
          MessageBody: body,
          MessageAttributes: attributes,
        }),
      );
      return { ...destination, messageId: MessageId! };
    },
    async sendBatch(tenant, entries) {
      // Every entry is routed, encoded and checked against the claim check first, so a bad one stops
      // the batch before anything is stored or sent.
      const routed = entries.map((entry) => route(tenant, entry.payload, entry));
      const offloads = routed.map((message) => claimCheck.plan(message, message.destination.bulkheadMessageId));
      // A body that cannot be stored fails its own entry, as one SQS refuses does; the others are sent.
      const notStored = new Map<number, BatchEntryFailure>();
      const messages = await Promise.all(
        routed.map(async (message, index): Promise<RoutedMessage> => {
          const offload = offloads[index];
          if (offload === undefined) return message;
          try {
            return { ...message, ...(await offload.store(message)) };
          } catch (error) {
            const { name, message: text } = error as Error;
            notStored.set(index, { code: name, message: `cannot store the body in s3://${offload.bucketName}/${offload.key}: ${text}`, senderFault: (error as { $fault?: string }).$fault === "client" });
            return message;
          }
        }),
      );
      return sendInBatches(await client(), messages, notStored);
    },
  };
}

