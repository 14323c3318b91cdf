import type { MessageAttributeValue, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { BULKHEAD_MESSAGE_ID_ATTRIBUTE, ENQUEUED_AT_ATTRIBUTE } from "../shared/attributes.js";
import { firstEnqueuedAt } from "./lane-policy.js";
import { forwardRecords, MAX_ATTRIBUTES, sdkAttributes, type ForwardingOutcome } from "./record-forwarding.js";

/**
 * Moves records to another lane with the same body and message attributes, so each one's key and
 * first enqueue time travel with it, and a `bulkhead-message-id` (the low lane's default
 * idempotency key) made explicit for messages that lacked one. A crash between sending and
 * acknowledging leaves a copy in each lane, which the lanes' shared idempotency scope runs once.
 */
export function deferRecords(records: readonly SQSRecord[], toQueue: string, sqs?: SQSClient): Promise<ForwardingOutcome> {
  return forwardRecords(records.map((record) => ({ record, attributes: carriedAttributes(record) })), toQueue, sqs);
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
