import type { MessageAttributeValue, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSMessageAttributes, SQSRecord } from "aws-lambda";
import { ENQUEUED_AT_ATTRIBUTE, firstEnqueuedAt } from "./lane-policy.js";
import { queueUrl } from "./shard-router-queue-urls.js";

// Created on the first deferral: lanes that never defer never load the SQS client.
let defaultSqs: SQSClient | undefined;

/**
 * Moves a record to another lane: the same body and message attributes, so its
 * bulkhead-message-id (the low lane's idempotency key) and first enqueue time travel with it.
 * The caller acknowledges the record only after this resolves: send, then acknowledge, so a
 * crash in between leaves a copy in each lane, and the shared idempotency scope runs it once.
 */
export async function deferRecord(record: SQSRecord, toQueue: string, sqs?: SQSClient): Promise<void> {
  const { SendMessageCommand, SQSClient: Client } = await import("@aws-sdk/client-sqs");
  const client = sqs ?? (defaultSqs ??= new Client({}));
  await client.send(
    new SendMessageCommand({
      QueueUrl: await queueUrl(client, toQueue),
      MessageBody: record.body,
      MessageAttributes: {
        ...sdkAttributes(record.messageAttributes ?? {}),
        [ENQUEUED_AT_ATTRIBUTE]: { DataType: "String", StringValue: String(firstEnqueuedAt(record)) },
      },
    }),
  );
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
