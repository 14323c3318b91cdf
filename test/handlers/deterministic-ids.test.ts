import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createShardRouter, createTopicPublisher, type MessageFormat } from "../../handlers/index.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { receivedRecord } from "./support/events.js";
import { useLocalServices } from "./support/local-services.js";

// A retried publish is a new message to SQS and SNS; without any key expression configured, the
// consumer must still run its side effect once, because producers stamp the business key's id.

// Powertools' variables stay unset: nothing here reads the logs or metrics they would name.
const local = useLocalServices({ powertools: false });

/** A consumer with no idempotency key expression that records each order it runs for. */
function recordingConsumer(messageFormat: MessageFormat) {
  const ran: string[] = [];
  const consumer = consumerUnderTest<{ orderId: string }>(
    local,
    async (order) => {
      ran.push(order.orderId);
    },
    { functionName: uniqueName("orders-billing"), env: { BULKHEAD_MESSAGE_FORMAT: messageFormat } },
  );
  /** Receives what is in the queue and hands it to the consumer as Lambda would. */
  const consume = async (queueName: string) => {
    const messages = await local.aws.drain(queueName);
    expect(new Set(messages.map((m) => m.MessageId)).size).toBe(messages.length);
    return consumer.invokeWith(...messages.map(receivedRecord));
  };
  return { ran, consume };
}

describe("a business key published twice runs the consumer's side effect once", () => {
  it("through the shard router (raw SQS delivery)", async () => {
    const queue = `orders-test-ingest-${randomUUID()}`;
    local.aws.server.createQueue(queue);
    const router = createShardRouter(
      { version: 1, pattern: "ingest", queues: [queue], tenants: { acme: [0] } },
      { sqs: local.aws.sqsClient().client },
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
    const { topicArn } = local.aws.server.createTopic(topic);
    local.aws.server.createQueue(queue);
    local.aws.server.subscribe({ topic, queue });
    const publisher = createTopicPublisher("order-events", {
      sns: local.aws.snsClient().client,
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
