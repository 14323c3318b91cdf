import type { Message } from "@aws-sdk/client-sqs";
import type { SQSRecord, SQSRecordAttributes } from "aws-lambda";

/** What the event source asks SQS for, as Lambda's poller does: every system and message attribute. */
export const RECEIVE_ATTRIBUTES = { MessageSystemAttributeNames: ["All" as const], MessageAttributeNames: ["All"] };

/**
 * A received message as Lambda hands it to the function: camelCase keys, system attributes as
 * strings, message attributes as `{ stringValue, binaryValue, stringListValues, binaryListValues,
 * dataType }` (binary values base64), the queue's ARN and region.
 */
export function lambdaRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const system = message.Attributes ?? {};
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: system.ApproximateReceiveCount ?? "1",
    SentTimestamp: system.SentTimestamp ?? String(Date.now()),
    SenderId: system.SenderId ?? "",
    ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  for (const name of ["SequenceNumber", "MessageGroupId", "MessageDeduplicationId", "AWSTraceHeader", "DeadLetterQueueSourceArn"] as const) {
    const value = system[name];
    if (value !== undefined) attributes[name] = value;
  }
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? "",
    attributes: attributes as unknown as SQSRecordAttributes,
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, a]) => [
        name,
        {
          ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
          ...(a.BinaryValue !== undefined ? { binaryValue: Buffer.from(a.BinaryValue).toString("base64") } : {}),
          stringListValues: a.StringListValues ?? [],
          binaryListValues: (a.BinaryListValues ?? []).map((v) => Buffer.from(v).toString("base64")),
          dataType: a.DataType!,
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? "",
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
