import type { MessageAttributeValue, SendMessageBatchRequestEntry, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSMessageAttributes, SQSRecord } from "aws-lambda";
import { BULKHEAD_MESSAGE_ID_ATTRIBUTE, ENQUEUED_AT_ATTRIBUTE } from "../shared/attributes.js";
import { defaultSqsClient, sqsSdk } from "../shared/aws-sdk.js";
import { queueUrl } from "../shared/queue-urls.js";
import { firstEnqueuedAt } from "./lane-policy.js";

/** SendMessageBatch takes at most ten entries, and at most 256 KiB for all of them together. */
const BATCH_ENTRIES = 10;
const BATCH_BYTES = 262_144;
/** SQS takes at most ten message attributes. */
const MAX_ATTRIBUTES = 10;

export interface DeferralOutcome {
  /** Message ids of the records that were not sent, to report for retry. */
  failed: string[];
  /** Why, once per failed request (SQS's code and message, or the error of a request that failed whole). */
  errors: string[];
}

/**
 * Moves records to another lane, in as few SendMessageBatch requests as SQS's limits allow: the
 * same body and message attributes, so each one's key and first enqueue time travel with it, and
 * a `bulkhead-message-id` (the low lane's default idempotency key) made explicit for messages
 * that lacked one. Send, then acknowledge: the caller acknowledges only what was sent, and a crash
 * in between leaves a copy in each lane, which the lanes' shared idempotency scope runs once.
 */
export async function deferRecords(records: readonly SQSRecord[], toQueue: string, sqs?: SQSClient): Promise<DeferralOutcome> {
  if (records.length === 0) return { failed: [], errors: [] };
  const outcome: DeferralOutcome = { failed: [], errors: [] };
  try {
    // Loaded on the first deferral: lanes that never defer never load the SQS client.
    const { SendMessageBatchCommand } = await sqsSdk();
    const client = sqs ?? (await defaultSqsClient());
    const url = await queueUrl(client, toQueue);
    await Promise.all(
      batches(records).map(async (batch) => {
        try {
          const { Failed = [] } = await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: batch.map(({ entry }) => entry) }));
          for (const f of Failed) {
            outcome.failed.push(batch[Number(f.Id)]!.record.messageId);
            outcome.errors.push(`${f.Code}: ${f.Message ?? ""}`);
          }
        } catch (error) {
          outcome.failed.push(...batch.map(({ record }) => record.messageId));
          outcome.errors.push(describe(error));
        }
      }),
    );
  } catch (error) {
    return { failed: records.map((r) => r.messageId), errors: [describe(error)] };
  }
  return outcome;
}

function batches(records: readonly SQSRecord[]): { record: SQSRecord; entry: SendMessageBatchRequestEntry }[][] {
  const all: { record: SQSRecord; entry: SendMessageBatchRequestEntry }[][] = [];
  let current: { record: SQSRecord; entry: SendMessageBatchRequestEntry }[] = [];
  let bytes = 0;
  for (const record of records) {
    const attributes = carriedAttributes(record);
    const size = Buffer.byteLength(record.body, "utf8") + attributeBytes(attributes);
    if (current.length === BATCH_ENTRIES || (current.length > 0 && bytes + size > BATCH_BYTES)) {
      all.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ record, entry: { Id: String(current.length), MessageBody: record.body, MessageAttributes: attributes } });
    bytes += size;
  }
  if (current.length > 0) all.push(current);
  return all;
}

/** Every attribute as the event gave it, plus the first enqueue time and the message id where they were missing and there is room. */
function carriedAttributes(record: SQSRecord): Record<string, MessageAttributeValue> {
  const attributes = sdkAttributes(record.messageAttributes ?? {});
  const add = (name: string, value: string) => {
    if (!(name in attributes) && Object.keys(attributes).length < MAX_ATTRIBUTES) attributes[name] = { DataType: "String", StringValue: value };
  };
  add(ENQUEUED_AT_ATTRIBUTE, String(firstEnqueuedAt(record)));
  // A message from another producer is keyed on its SQS message id, which the copy would not keep.
  add(BULKHEAD_MESSAGE_ID_ATTRIBUTE, record.messageId);
  return attributes;
}

function attributeBytes(attributes: Record<string, MessageAttributeValue>): number {
  return Object.entries(attributes).reduce((sum, [name, a]) => sum + Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? "") + (a.StringValue !== undefined ? Buffer.byteLength(a.StringValue) : (a.BinaryValue?.length ?? 0)), 0);
}

/** The event's attribute shape (camelCase, lists unused by SQS) as the SDK sends it. */
function sdkAttributes(attributes: SQSMessageAttributes): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [
      name,
      a.binaryValue !== undefined
        ? { DataType: a.dataType, BinaryValue: Buffer.from(a.binaryValue, "base64") }
        : { DataType: a.dataType, StringValue: a.stringValue },
    ]),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
