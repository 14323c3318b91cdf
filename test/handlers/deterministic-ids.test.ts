import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShardRouter, createTopicPublisher, loadConsumerConfig, type MessageFormat, sqsConsumer } from "../../handlers/index.js";
import { lambdaContext, receivedRecord, sqsEvent } from "./support/events.js";
import { startLocalAws, type LocalAws } from "./support/fauxqs.js";
import { startLocalDynamoDB, type LocalDynamoDB } from "./support/local-dynamodb.js";
import { captureOutput } from "./support/output.js";

// A retried publish is a new message to SQS and SNS; without any key expression configured, the
// consumer must still run its side effect once, because producers stamp the business key's id.

const TABLE = "orders-dev-idempotency";
let aws: LocalAws;
let db: LocalDynamoDB;
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  [aws, db] = await Promise.all([startLocalAws(), startLocalDynamoDB()]);
  await db.createIdempotencyTable(TABLE);
});
afterAll(async () => {
  await Promise.all([aws.stop(), db.stop()]);
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

/** A consumer with no idempotency key expression that records each order it runs for. */
function recordingConsumer(messageFormat: MessageFormat) {
  const functionName = `orders-billing-${randomUUID().slice(0, 8)}`;
  const config = loadConsumerConfig({
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    BULKHEAD_IDEMPOTENCY_TABLE: TABLE,
    BULKHEAD_MESSAGE_FORMAT: messageFormat,
    BULKHEAD_QUEUE_KIND: "standard",
  });
  const ran: string[] = [];
  const handler = sqsConsumer<{ orderId: string }>(
    async (order) => {
      ran.push(order.orderId);
    },
    { config, dynamoDBClient: db.client },
  );
  /** Receives what is in the queue and hands it to the consumer as Lambda would. */
  const consume = async (queueName: string) => {
    const messages = await aws.drain(queueName);
    expect(new Set(messages.map((m) => m.MessageId)).size).toBe(messages.length);
    return handler(sqsEvent(...messages.map(receivedRecord)), lambdaContext(functionName));
  };
  return { ran, consume };
}

describe("a business key published twice runs the consumer's side effect once", () => {
  it("through the shard router (raw SQS delivery)", async () => {
    const queue = `orders-test-ingest-${randomUUID()}`;
    aws.server.createQueue(queue);
    const router = createShardRouter(
      { version: 1, pattern: "ingest", queues: [queue], tenants: { acme: [0] } },
      { sqs: aws.sqsClient().client },
    );
    const billing = recordingConsumer("raw");

    const first = await router.send("acme", { orderId: "o-1" }, { key: "o-1" });
    const retry = await router.send("acme", { orderId: "o-1" }, { key: "o-1" });
    await router.send("acme", { orderId: "o-2" }, { key: "o-2" });
    expect(retry.messageId).not.toBe(first.messageId);

    expect(await billing.consume(queue)).toEqual({ batchItemFailures: [] });
    expect(billing.ran).toEqual(["o-1", "o-2"]);
  });

  it("through the topic publisher to a subscription without raw delivery (SNS envelope)", async () => {
    const topic = `orders-test-order-events-${randomUUID()}`;
    const queue = `${topic}-audit`;
    const { topicArn } = aws.server.createTopic(topic);
    aws.server.createQueue(queue);
    aws.server.subscribe({ topic, queue });
    const publisher = createTopicPublisher("order-events", {
      sns: aws.snsClient().client,
      env: { BULKHEAD_TOPIC_ARN_ORDER_EVENTS: topicArn },
    });
    const audit = recordingConsumer("sns-envelope");

    const first = await publisher.publish({ orderId: "o-1" }, { key: "o-1" });
    const retry = await publisher.publish({ orderId: "o-1" }, { key: "o-1" });
    await publisher.publish({ orderId: "o-2" }, { key: "o-2" });
    expect(retry.messageId).not.toBe(first.messageId);

    expect(await audit.consume(queue)).toEqual({ batchItemFailures: [] });
    expect(audit.ran).toEqual(["o-1", "o-2"]);
  });
});
