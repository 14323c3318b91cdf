import { randomUUID } from "node:crypto";
import type { Message } from "@aws-sdk/client-sqs";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";

interface RecordOptions {
  messageId?: string;
  tenant?: string;
  /** The `bulkhead-message-id` attribute a bulkhead producer sets. */
  bulkheadMessageId?: string;
  /** Makes it a FIFO record. */
  groupId?: string;
  /** The queue it came from (default `orders-billing`, `.fifo` added for a FIFO record). */
  queue?: string;
  /** More String message attributes. */
  attributes?: Record<string, string>;
}

/** The String message attributes the options ask for, by name. */
function attributes({ tenant, bulkheadMessageId, attributes: more = {} }: RecordOptions): Record<string, string> {
  return {
    ...more,
    ...(tenant === undefined ? {} : { tenant }),
    ...(bulkheadMessageId === undefined ? {} : { "bulkhead-message-id": bulkheadMessageId }),
  };
}

/** An SQS record whose body is the payload itself (raw delivery, or a direct SQS producer). */
export function rawRecord(payload: unknown, options: RecordOptions = {}): SQSRecord {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const messageAttributes = Object.fromEntries(
    Object.entries(attributes(options)).map(([name, value]) => [name, { dataType: "String", stringValue: value }]),
  );
  return sqsRecord(body, options, messageAttributes);
}

/** An SQS record carrying an SNS notification, as a subscription without raw delivery writes it. */
export function snsRecord(
  payload: unknown,
  options: RecordOptions & { snsMessageId?: string } = {},
): SQSRecord {
  const notification = {
    Type: "Notification",
    MessageId: options.snsMessageId ?? randomUUID(),
    TopicArn: "arn:aws:sns:us-east-1:123456789012:orders-order-events",
    Message: JSON.stringify(payload),
    Timestamp: new Date().toISOString(),
    SignatureVersion: "1",
    Signature: "c2lnbmF0dXJl",
    SigningCertURL: "https://sns.us-east-1.amazonaws.com/cert.pem",
    UnsubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    MessageAttributes: Object.fromEntries(
      Object.entries(attributes(options)).map(([name, value]) => [name, { Type: "String", Value: value }]),
    ),
  };
  return sqsRecord(JSON.stringify(notification), options, {});
}

function sqsRecord(body: string, options: RecordOptions, messageAttributes: SQSRecord["messageAttributes"]): SQSRecord {
  const fifo = options.groupId !== undefined;
  return {
    messageId: options.messageId ?? randomUUID(),
    receiptHandle: randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: String(Date.now()),
      SenderId: "AIDAEXAMPLE",
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      ...(fifo ? { MessageGroupId: options.groupId, SequenceNumber: String(Date.now()) } : {}),
    },
    messageAttributes,
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${options.queue ?? `orders-billing${fifo ? ".fifo" : ""}`}`,
    awsRegion: "us-east-1",
  };
}

/** What Lambda hands the function for a message a consumer received from SQS (body and String attributes). */
export function receivedRecord(message: Message): SQSRecord {
  const messageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      { dataType: value.DataType!, stringValue: value.StringValue },
    ]),
  );
  return sqsRecord(message.Body!, { messageId: message.MessageId }, messageAttributes);
}

/** The message ids a batch response reports for retry, in its order. */
export function failedIds(response: { batchItemFailures: { itemIdentifier: string }[] }): string[] {
  return response.batchItemFailures.map((failure) => failure.itemIdentifier);
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** A Lambda context; `remainingMs` is asked each time the runtime checks the clock. */
export function lambdaContext(functionName: string, remainingMs: () => number = () => 30_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2025/01/01/[$LATEST]abcdef",
    getRemainingTimeInMillis: remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
