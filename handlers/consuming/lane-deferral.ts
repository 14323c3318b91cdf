import type { MessageAttributeValue, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSMessageAttributes, SQSRecord } from "aws-lambda";
import { ENQUEUED_AT_ATTRIBUTE } from "../shared/attributes.js";
import { firstEnqueuedAt } from "./lane-policy.js";
import { defaultSqsClient, sqsSdk } from "../shared/aws-sdk.js";
import { queueUrl } from "../shared/queue-urls.js";

/** SendMessageBatch takes at most this many entries. */
const SQS_BATCH = 10;

/**
 * Moves records to another lane, ten per SendMessageBatch: the same body and message attributes,
 * so each one's bulkhead-message-id (the low lane's idempotency key), key and first enqueue time
 * travel with it. Resolves with the message ids of the records that were not sent, which the
 * caller reports for retry; the rest it acknowledges. Send, then acknowledge: a crash in between
 * leaves a copy in each lane, and the lanes' shared idempotency scope runs it once.
 */
export async function deferRecords(records: readonly SQSRecord[], toQueue: string, sqs?: SQSClient): Promise<string[]> {
  if (records.length === 0) return [];
  // Loaded on the first deferral: lanes that never defer never load the SQS client.
  const { SendMessageBatchCommand } = await sqsSdk();
  const client = sqs ?? (await defaultSqsClient());
  const url = await queueUrl(client, toQueue);
  const chunks = Array.from({ length: Math.ceil(records.length / SQS_BATCH) }, (_, i) => records.slice(i * SQS_BATCH, (i + 1) * SQS_BATCH));
  const failed = await Promise.all(
    chunks.map(async (chunk) => {
      try {
        const { Failed = [] } = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: chunk.map((record, i) => ({ Id: String(i), MessageBody: record.body, MessageAttributes: carriedAttributes(record) })),
          }),
        );
        return Failed.map((f) => chunk[Number(f.Id)]!.messageId);
      } catch {
        return chunk.map((record) => record.messageId);
      }
    }),
  );
  return failed.flat();
}

/** Every attribute as the event gave it, with the first enqueue time made explicit for messages that lacked it. */
function carriedAttributes(record: SQSRecord): Record<string, MessageAttributeValue> {
  return {
    ...sdkAttributes(record.messageAttributes ?? {}),
    [ENQUEUED_AT_ATTRIBUTE]: { DataType: "String", StringValue: String(firstEnqueuedAt(record)) },
  };
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
