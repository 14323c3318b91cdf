import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, GetQueueUrlCommand, ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSRecord } from "aws-lambda";

export interface PollResult {
  received: number;
  response?: SQSBatchResponse;
}

/**
 * One turn of what an SQS event source does for a function: receive a batch, invoke, delete
 * what did not fail. `loseAcknowledgement` leaves the whole batch in the queue and visible again,
 * as when the function crashes after its side effects but before Lambda deletes the batch.
 */
export async function pollOnce(
  sqs: SQSClient,
  queueName: string,
  invoke: (event: { Records: SQSRecord[] }, context?: Context) => Promise<SQSBatchResponse>,
  options: { loseAcknowledgement?: boolean; batchSize?: number } = {},
): Promise<PollResult> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: options.batchSize ?? 10, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] }),
  );
  if (Messages.length === 0) return { received: 0 };
  const response = await invoke({ Records: Messages.map((m) => lambdaRecord(m, queueName)) });
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  const entries = Messages.map((m) => ({ Id: m.MessageId!, ReceiptHandle: m.ReceiptHandle! }));
  if (options.loseAcknowledgement) {
    await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: entries.map((e) => ({ ...e, VisibilityTimeout: 0 })) }));
  } else {
    const done = entries.filter((e) => !failed.has(e.Id));
    if (done.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: done }));
    const retry = entries.filter((e) => failed.has(e.Id));
    if (retry.length > 0) await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: retry.map((e) => ({ ...e, VisibilityTimeout: 0 })) }));
  }
  return { received: Messages.length, response };
}

/** Polls until the queue gives nothing, at most `turns` times. */
export async function pollUntilEmpty(sqs: SQSClient, queueName: string, invoke: Parameters<typeof pollOnce>[2], turns = 1000): Promise<number> {
  let received = 0;
  for (let turn = 0; turn < turns; turn++) {
    const result = await pollOnce(sqs, queueName, invoke);
    if (result.received === 0) return received;
    received += result.received;
  }
  throw new Error(`${queueName} was not empty after ${turns} polls`);
}

/** A received message as Lambda's event gives it: camelCase attributes, system attributes as strings. */
export function lambdaRecord(message: Message, queueName: string): SQSRecord {
  const system = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body!,
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? "1",
      SentTimestamp: system.SentTimestamp ?? String(Date.now()),
      SenderId: system.SenderId ?? "AIDAEXAMPLE",
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, a]) => [name, { dataType: a.DataType!, stringValue: a.StringValue, stringListValues: [], binaryListValues: [] }]),
    ),
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queueName}`,
    awsRegion: "us-east-1",
  };
}
