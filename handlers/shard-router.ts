import { SendMessageCommand, SQSClient, type MessageAttributeValue } from "@aws-sdk/client-sqs";
import { TENANT_ATTRIBUTE } from "./message.js";
import type { RoutingTable } from "./routing-table.js";
import { sendInBatches } from "./shard-router-batch.js";
import { UnknownTenantError } from "./shard-router-errors.js";
import { bulkheadMessageId, pickShard } from "./shard-router-keys.js";
import { queueUrl } from "./shard-router-queue-urls.js";

/** Message attribute carrying the id derived from pattern, tenant and key (see SendResult). */
export const BULKHEAD_MESSAGE_ID_ATTRIBUTE = "bulkhead-message-id";

/** Replacement for the default client; tests point it at a local endpoint. */
export interface ShardRouterOptions {
  sqs?: SQSClient;
}

export interface SendOptions {
  /** The business key (e.g. the order id): picks the shard and identifies the message across retries. */
  key: string;
  /** More String message attributes; `tenant` and `bulkhead-message-id` are the router's own. */
  attributes?: Record<string, string>;
}

export interface BatchEntry extends SendOptions {
  payload: unknown;
}

export interface SendResult {
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
  send(tenant: string, payload: unknown, options: SendOptions): Promise<SendResult>;
  /**
   * Sends many messages of one tenant with SendMessageBatch. Results are in entry order; when some
   * are not accepted it throws ShardBatchSendError, which lists what was and was not sent.
   */
  sendBatch(tenant: string, entries: readonly BatchEntry[]): Promise<SendResult[]>;
}

/** A message with its destination decided and its body and attributes encoded. */
export interface RoutedMessage {
  destination: Omit<SendResult, "messageId">;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
}

const ROUTER_ATTRIBUTES = [TENANT_ATTRIBUTE, BULKHEAD_MESSAGE_ID_ATTRIBUTE];

// Built on first use and kept for the life of the execution environment.
let defaultSqs: SQSClient | undefined;

/** Sends a pattern's messages only to each tenant's own shard queues, as its routing table assigns them. */
export function createShardRouter(table: RoutingTable, options: ShardRouterOptions = {}): ShardRouter {
  const sqs = options.sqs ?? (defaultSqs ??= new SQSClient({}));
  const { pattern, queues } = table;
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

  const route = (tenant: string, payload: unknown, { key, attributes = {} }: SendOptions): RoutedMessage => {
    const shard = shardFor(tenant, key);
    const id = bulkheadMessageId(pattern, tenant, key);
    return {
      destination: { shard, queueName: queues[shard]!, bulkheadMessageId: id },
      body: encode(payload),
      attributes: messageAttributes(attributes, tenant, id),
    };
  };

  return {
    pattern,
    shardFor,
    async send(tenant, payload, options) {
      const { destination, body, attributes } = route(tenant, payload, options);
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
      // Every entry is routed and encoded first, so a bad one stops the batch before anything is sent.
      const messages = entries.map((entry) => route(tenant, entry.payload, entry));
      return sendInBatches(sqs, messages);
    },
  };
}

/**
 * A missing key would send all of a tenant's messages to one shard under one bulkhead-message-id,
 * and consumers deduplicating on it would drop all but the first.
 */
function requireKey(key: string): string {
  if (typeof key !== "string" || key === "") {
    throw new TypeError(`a non-empty string key is required to route a message, got ${JSON.stringify(key)}`);
  }
  return key;
}

function encode(payload: unknown): string {
  const body = JSON.stringify(payload);
  if (body === undefined) throw new TypeError(`payload has no JSON form (got ${typeof payload})`);
  return body;
}

function messageAttributes(
  extra: Record<string, string>,
  tenant: string,
  id: string,
): Record<string, MessageAttributeValue> {
  const clash = ROUTER_ATTRIBUTES.find((name) => Object.hasOwn(extra, name));
  if (clash !== undefined) throw new Error(`message attribute "${clash}" is set by the shard router; use another name`);
  const all = { ...extra, [TENANT_ATTRIBUTE]: tenant, [BULKHEAD_MESSAGE_ID_ATTRIBUTE]: id };
  return Object.fromEntries(
    Object.entries(all).map(([name, value]) => [name, { DataType: "String", StringValue: value }]),
  );
}
