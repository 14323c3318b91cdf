import { randomUUID } from "node:crypto";
import type { Message } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTopicPublisher, topicArnVariable } from "../../handlers/index.js";
import { bundleHandler } from "../../patterns/blocks/bundle.js";
import { topicArnVariable as synthesizerTopicArnVariable } from "../../patterns/fanout/resolve.js";
import { withEnv } from "./support/env.js";
import { startLocalAws, type LocalAws } from "./support/fauxqs.js";
import { DUMMY_CREDENTIALS, REGION } from "./support/local-dynamodb.js";

// Counts the SNS clients built in this file (the test's own included), to see when the publisher builds its default one.
const snsClients = vi.hoisted(() => ({ built: 0 }));
vi.mock("@aws-sdk/client-sns", async (importOriginal) => {
  const sdk = await importOriginal<typeof import("@aws-sdk/client-sns")>();
  class CountedSNSClient extends sdk.SNSClient {
    constructor(...args: ConstructorParameters<typeof sdk.SNSClient>) {
      super(...args);
      snsClients.built += 1;
    }
  }
  return { ...sdk, SNSClient: CountedSNSClient };
});

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(async () => {
  await aws.stop();
});

/**
 * A fan-out topic of its own with one raw-delivery subscription, as the synthesizer builds one per
 * subscriber, and a publisher for it on a client whose commands are counted.
 */
function fanout({ fifo = false, filter }: { fifo?: boolean; filter?: Record<string, string[]> } = {}) {
  const suffix = fifo ? ".fifo" : "";
  const topic = `orders-test-order-events-${randomUUID()}${suffix}`;
  const queue = `orders-test-billing-${randomUUID()}${suffix}`;
  const { topicArn } = aws.server.createTopic(topic, fifo ? { attributes: { FifoTopic: "true" } } : {});
  aws.server.createQueue(queue, fifo ? { attributes: { FifoQueue: "true" } } : {});
  aws.server.subscribe({
    topic,
    queue,
    attributes: { RawMessageDelivery: "true", ...(filter ? { FilterPolicy: JSON.stringify(filter) } : {}) },
  });
  const sns = aws.snsClient();
  const publisher = createTopicPublisher("order-events", {
    sns: sns.client,
    env: { BULKHEAD_TOPIC_ARN_ORDER_EVENTS: topicArn },
  });
  return { publisher, sns, topicArn, receive: () => aws.drain(queue) };
}

const attributes = (message: Message) =>
  Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]));

describe("publish", () => {
  it("sends the payload as JSON with the caller's attributes, the tenant and the bulkhead-message-id, which filters see", async () => {
    const { publisher, receive } = fanout({ filter: { eventType: ["OrderPlaced"] } });
    const placed = { eventType: "OrderPlaced", orderId: "acme-1", amountCents: 1250 };

    const result = await publisher.publish(placed, { key: "acme:1", tenant: "acme", attributes: { eventType: "OrderPlaced" } });
    await publisher.publish({ eventType: "OrderCancelled" }, { key: "acme:1:cancelled", attributes: { eventType: "OrderCancelled" } });

    const received = await receive();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.Body!)).toEqual(placed);
    expect(received[0]!.MessageAttributes).toEqual({
      eventType: { DataType: "String", StringValue: "OrderPlaced" },
      tenant: { DataType: "String", StringValue: "acme" },
      "bulkhead-message-id": { DataType: "String", StringValue: result.bulkheadMessageId },
    });
  });

  it("stamps the id derived from pattern and key alone, the same for every publish of the key", async () => {
    const { publisher, receive } = fanout();

    const first = await publisher.publish({ attempt: 1 }, { key: "acme:o-1", tenant: "acme" });
    const retry = await publisher.publish({ attempt: 2 }, { key: "acme:o-1" });
    const other = await publisher.publish({}, { key: "acme:o-2" });

    // sha256 of the JSON array [pattern, key], hex, first 32 characters: the shard router's derivation.
    expect(first.bulkheadMessageId).toBe("c0fd53e90c476e262cbfc7b101274784");
    expect(retry.bulkheadMessageId).toBe(first.bulkheadMessageId);
    expect(retry.messageId).not.toBe(first.messageId);
    expect(other.bulkheadMessageId).not.toBe(first.bulkheadMessageId);
    expect((await receive()).map(attributes)).toEqual([
      { tenant: "acme", "bulkhead-message-id": first.bulkheadMessageId },
      { "bulkhead-message-id": first.bulkheadMessageId },
      { "bulkhead-message-id": other.bulkheadMessageId },
    ]);
  });

  it("on a FIFO topic groups by tenant (else by key) and deduplicates on the bulkhead-message-id", async () => {
    const { publisher, receive } = fanout({ fifo: true });

    const tenanted = await publisher.publish({ n: 1 }, { key: "acme:o-1", tenant: "acme" });
    await publisher.publish({ n: 1 }, { key: "acme:o-1", tenant: "acme" });
    const untenanted = await publisher.publish({ n: 2 }, { key: "o-2" });

    const received = await receive();
    expect(received.map((m) => [m.Body, m.Attributes])).toEqual([
      ['{"n":1}', { MessageGroupId: "acme", MessageDeduplicationId: tenanted.bulkheadMessageId }],
      ['{"n":2}', { MessageGroupId: "o-2", MessageDeduplicationId: untenanted.bulkheadMessageId }],
    ]);
  });

  it("rejects what it cannot publish before calling SNS", async () => {
    const { publisher, sns } = fanout();

    await expect(publisher.publish({}, { key: "" })).rejects.toThrow("a non-empty string key is required");
    await expect(publisher.publish(undefined, { key: "k" })).rejects.toThrow("payload has no JSON form");
    for (const name of ["tenant", "bulkhead-message-id"]) {
      await expect(publisher.publish({}, { key: "k", attributes: { [name]: "x" } })).rejects.toThrow(
        `message attribute "${name}" is set by the topic publisher`,
      );
    }
    expect(sns.commands).toEqual([]);
  });

  it("names the missing variable and says to add the pattern to sendsTo", async () => {
    const sns = aws.snsClient();
    const publisher = createTopicPublisher("order-events", { sns: sns.client, env: { BULKHEAD_TOPIC_ARN_ORDER_EVENT: "typo" } });

    await expect(publisher.publish({}, { key: "k" })).rejects.toThrow(
      'BULKHEAD_TOPIC_ARN_ORDER_EVENTS is not set, so there is no topic to publish "order-events" events to; ' +
        `add "order-events" to the function's sendsTo in the service spec`,
    );
    expect(sns.commands).toEqual([]);
  });
});

describe("the default client and environment", () => {
  it("reads the ARN from process.env and builds one SNS client, on the first publish, for every publisher", async () => {
    const { topicArn, receive } = fanout();
    const built = snsClients.built;
    const orderEvents = createTopicPublisher("order-events");
    const again = createTopicPublisher("order-events");
    expect(snsClients.built).toBe(built);

    await withEnv(
      {
        BULKHEAD_TOPIC_ARN_ORDER_EVENTS: topicArn,
        AWS_ENDPOINT_URL_SNS: aws.server.address,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
      },
      async () => {
        await orderEvents.publish({ n: 1 }, { key: "k-1" });
        await again.publish({ n: 2 }, { key: "k-2" });
      },
    );

    expect(snsClients.built).toBe(built + 1);
    expect((await receive()).map((m) => m.Body)).toEqual(['{"n":1}', '{"n":2}']);
  });

  it("names the ARN variable as the synthesizer sets it", () => {
    for (const pattern of ["order-events", "orders", "a-b-c", "events2-eu"]) {
      expect(topicArnVariable(pattern)).toBe(synthesizerTopicArnVariable(pattern));
    }
    expect(topicArnVariable("order-events")).toBe("BULKHEAD_TOPIC_ARN_ORDER_EVENTS");
  });
});

describe("bundling", () => {
  // The Lambda runtime loads every import esbuild kept, so a consumer must not reach the SNS client.
  const code = async (entry: string) => (await bundleHandler({ projectRoot: ".", entry, runtime: "nodejs22.x", routingTables: [] })).code.toString("utf8");
  const SDK_CLIENTS = /@aws-sdk\/client-(sns|sqs|ssm|s3|secrets-manager)\b/;
  const staticImport = new RegExp(`from\\s*"${SDK_CLIENTS.source}"`);
  const dynamicImport = new RegExp(`import\\(\\s*"${SDK_CLIENTS.source}"\\s*\\)`);

  it("loads no SNS, SQS, SSM, S3 or Secrets Manager client at cold start, in a consumer that sends nothing or in one that publishes", async () => {
    for (const entry of ["test/handlers/fixtures/plain-consumer.ts", "services/orders/handlers/ingest.ts", "services/orders/handlers/shipping.ts"]) {
      expect(await code(entry), entry).not.toMatch(staticImport);
    }
    // The publisher loads the SNS client on its first publish.
    expect(await code("services/orders/handlers/ingest.ts")).toMatch(dynamicImport);
  });

  it("carries the secrets and parameters providers in every consumer, requiring their clients only when they first run", async () => {
    const plain = await code("test/handlers/fixtures/plain-consumer.ts");
    // Inside the providers' CommonJS modules, which run on the first read of a secret or parameter
    // (a static import there would have been hoisted to the top of the bundle: see secrets/providers.ts).
    expect(plain).toMatch(/\w+\("@aws-sdk\/client-secrets-manager"\)/);
    expect(plain).toMatch(/\w+\("@aws-sdk\/client-ssm"\)/);
    expect(plain).toContain("SecretsProvider");
    expect(plain).toContain("SSMProvider");
  });
});
