import type { MessageAttributeValue, SendMessageBatchRequestEntry, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSMessageAttributes, SQSRecord } from "aws-lambda";
import { defaultSqsClient, sqsSdk } from "../shared/aws-sdk.js";
import { queueUrl } from "../shared/queue-urls.js";

/** SendMessageBatch takes at most ten entries, and at most 256 KiB for all of them together. */
const BATCH_ENTRIES = 10;
const BATCH_BYTES = 262_144;
/** SQS takes at most ten message attributes. */
export const MAX_ATTRIBUTES = 10;

/** A received record to send on, with the message attributes its copy gets. */
export interface ForwardedRecord {
  record: SQSRecord;
  attributes: Record<string, MessageAttributeValue>;
}

export interface ForwardingOutcome {
  /** Message ids of the records that were not sent, to report for retry. */
  failed: string[];
  /** Why, once per failed request (SQS's code and message, or the error of a request that failed whole). */
  errors: string[];
}

/**
 * Sends copies of received records (same body) to another queue, in as few SendMessageBatch
 * requests as SQS's limits allow. The caller acknowledges only what was sent: a crash in between
 * leaves a copy in each queue rather than none. The SQS client is loaded on the first call, so a
 * consumer that never forwards never loads it.
 */
export async function forwardRecords(messages: readonly ForwardedRecord[], toQueue: string, sqs?: SQSClient): Promise<ForwardingOutcome> {
  if (messages.length === 0) return { failed: [], errors: [] };
  const outcome: ForwardingOutcome = { failed: [], errors: [] };
  try {
    const { SendMessageBatchCommand } = await sqsSdk();
    const client = sqs ?? (await defaultSqsClient());
    const url = await queueUrl(client, toQueue);
    await Promise.all(
      batches(messages).map(async (batch) => {
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
    return { failed: messages.map(({ record }) => record.messageId), errors: [describe(error)] };
  }
  return outcome;
}

type Batch = { record: SQSRecord; entry: SendMessageBatchRequestEntry }[];

function batches(messages: readonly ForwardedRecord[]): Batch[] {
  const all: Batch[] = [];
  let current: Batch = [];
  let bytes = 0;
  for (const { record, attributes } of messages) {
    const size = messageBytes(record.body, attributes);
    if (current.length === BATCH_ENTRIES || (current.length > 0 && bytes + size > BATCH_BYTES)) {
      all.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ record, entry: { Id: String(current.length), MessageBody: record.body, MessageAttributes: attributes, ...fifoFields(record) } });
    bytes += size;
  }
  if (current.length > 0) all.push(current);
  return all;
}

/**
 * A record from a FIFO queue goes to a FIFO queue (a FIFO queue's DLQ is one), which needs a group;
 * its own message id deduplicates the copy if a crash makes the caller send it again.
 */
function fifoFields(record: SQSRecord): Partial<SendMessageBatchRequestEntry> {
  const group = record.attributes.MessageGroupId;
  return group === undefined ? {} : { MessageGroupId: group, MessageDeduplicationId: record.messageId };
}

/** A message's size as SQS counts it against its limit: the body, and each attribute's name, type and value (UTF-8 bytes). */
export function messageBytes(body: string, attributes: Record<string, MessageAttributeValue>): number {
  return Buffer.byteLength(body, "utf8") + attributeBytes(attributes);
}

function attributeBytes(attributes: Record<string, MessageAttributeValue>): number {
  return Object.entries(attributes).reduce((sum, [name, a]) => sum + Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? "") + (a.StringValue !== undefined ? Buffer.byteLength(a.StringValue) : (a.BinaryValue?.length ?? 0)), 0);
}

/** The event's attribute shape (camelCase, lists unused by SQS) as the SDK sends it. */
export function sdkAttributes(attributes: SQSMessageAttributes): Record<string, MessageAttributeValue> {
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
