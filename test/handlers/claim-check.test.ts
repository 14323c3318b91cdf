import { createHash, randomUUID } from "node:crypto";
import type { Message } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import {
  ClaimCheckConfigError,
  claimCheckThresholdVariable,
  ConsumerConfigError,
  createPriorityPublisher,
  createShardRouter,
  createTenantRouter,
  createTopicPublisher,
  encodePointer,
  loadConsumerConfig,
  parsePointer,
  priorityQueueVariable,
  type RoutingTable,
  ShardBatchSendError,
  topicArnVariable,
} from "../../handlers/index.js";
import { claimCheckThresholdVariable as synthesizedThresholdVariable } from "../../patterns/model/claim-check.js";
import { claimCheckBucket, payloadOfBytes, pointerBody } from "./support/claim-check.js";
import { consumerUnderTest, consumerVariables, uniqueName } from "./support/consumer.js";
import { failedIds, sqsEvent } from "./support/events.js";
import { useLocalServices } from "./support/local-services.js";
import { lambdaRecord } from "./support/queue-poller.js";

const local = useLocalServices();

const unique = () => randomUUID().slice(0, 8);
/** How Powertools names and checks a payload: md5 (base64) of the JSON with keys sorted. */
const md5 = (value: unknown) => createHash("md5").update(JSON.stringify(sortKeys(value))).digest("base64");
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

/** A consumer as the synthesizer configures one with the claim-check bucket, recording the payloads it runs. */
function consumer(env: Record<string, string>) {
  const seen: unknown[] = [];
  const s3 = local.aws.s3Client();
  const under = consumerUnderTest(
    local,
    async (payload) => {
      seen.push(payload);
    },
    { functionName: uniqueName("orders-dev"), env, options: { s3: s3.client, sqs: local.aws.sqsClient().client } },
  );
  return {
    seen,
    s3,
    functionName: under.functionName,
    invoke: (event: SQSEvent) => under.invoke(event),
    storedItems: under.storedItems,
  };
}

const claimCheckEnv = (bucketArn: string, pattern: string, threshold: number) => ({
  BULKHEAD_CLAIM_CHECK_BUCKET: bucketArn,
  [claimCheckThresholdVariable(pattern)]: String(threshold),
});

describe("the pointer format", () => {
  it("is the Java extended client's, byte for byte, and reads the Python client's spacing and the legacy class", () => {
    expect(encodePointer({ bucket: "b", key: "order-events/0a" })).toBe(
      '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"b","s3Key":"order-events/0a"}]',
    );
    // json.dumps's default separators, as amazon-sqs-python-extended-client-lib writes it.
    expect(parsePointer('["software.amazon.payloadoffloading.PayloadS3Pointer", {"s3BucketName": "b", "s3Key": "k"}]')).toEqual({ bucket: "b", key: "k" });
    expect(parsePointer('["com.amazon.sqs.javamessaging.MessageS3Pointer",{"s3BucketName":"b","s3Key":"k"}]')).toEqual({ bucket: "b", key: "k" });
    for (const notOne of ['{"s3BucketName":"b","s3Key":"k"}', '["some.other.Pointer",{"s3BucketName":"b","s3Key":"k"}]', '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"b"}]', "not json", '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"b","s3Key":""}]']) {
      expect(parsePointer(notOne), notOne).toBeUndefined();
    }
  });

  it("names the threshold variable as the synthesizer sets it, and as the other per-pattern variables are named", () => {
    expect(claimCheckThresholdVariable("order-events")).toBe("BULKHEAD_CLAIM_CHECK_THRESHOLD_ORDER_EVENTS");
    for (const pattern of ["order-events", "ingest", "a-b-c", "events2-eu"]) expect(claimCheckThresholdVariable(pattern)).toBe(synthesizedThresholdVariable(pattern));
    for (const pattern of ["ingest", "a-b-c"]) {
      expect(claimCheckThresholdVariable(pattern).replace("BULKHEAD_CLAIM_CHECK_THRESHOLD_", "")).toBe(topicArnVariable(pattern).replace("BULKHEAD_TOPIC_ARN_", ""));
      expect(priorityQueueVariable(pattern).replace("BULKHEAD_PRIORITY_QUEUE_", "")).toBe(topicArnVariable(pattern).replace("BULKHEAD_TOPIC_ARN_", ""));
    }
  });
});

describe("a 1 MiB order published through a fan-out", () => {
  it("is stored once, travels as extended-client pointers to a raw and an enveloped subscriber, and reaches each handler whole", async () => {
    const bucket = claimCheckBucket(local.aws);
    const topic = `orders-dev-order-events-${unique()}`;
    const billingQueue = `orders-dev-billing-${unique()}`;
    const shippingQueue = `orders-dev-shipping-${unique()}`;
    const { topicArn } = local.aws.server.createTopic(topic);
    local.aws.server.createQueue(billingQueue);
    local.aws.server.createQueue(shippingQueue);
    local.aws.server.subscribe({ topic, queue: billingQueue, attributes: { RawMessageDelivery: "true" } });
    local.aws.server.subscribe({ topic, queue: shippingQueue });
    const s3 = local.aws.s3Client();
    const env = { [topicArnVariable("order-events")]: topicArn, ...claimCheckEnv(bucket.arn, "order-events", 261_120) };
    const publisher = createTopicPublisher("order-events", { sns: local.aws.snsClient().client, s3: s3.client, env });
    const order = payloadOfBytes(1_048_576, { eventType: "OrderPlaced", orderId: "acme-1", amountCents: 125_000 });
    const body = JSON.stringify(order);

    const { bulkheadMessageId } = await publisher.publish(order, { key: "acme:1", tenant: "acme", attributes: { eventType: "OrderPlaced" } });

    // One object for both subscribers, under the pattern's prefix and the message's own id.
    const key = `order-events/${bulkheadMessageId}`;
    expect(await bucket.objects()).toEqual([{ key, contentType: "application/json", body }]);
    expect(s3.commands).toEqual(["PutObjectCommand"]);

    const [raw, ...moreRaw] = await local.aws.drain(billingQueue);
    const [enveloped, ...moreEnveloped] = await local.aws.drain(shippingQueue);
    expect([moreRaw, moreEnveloped]).toEqual([[], []]);
    expect(raw!.Body).toBe(`["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"${bucket.name}","s3Key":"${key}"}]`);
    expect(raw!.MessageAttributes).toEqual({
      eventType: { DataType: "String", StringValue: "OrderPlaced" },
      tenant: { DataType: "String", StringValue: "acme" },
      "bulkhead-message-id": { DataType: "String", StringValue: bulkheadMessageId },
      // Bytes, not characters: the order has two- and three-byte characters in it.
      ExtendedPayloadSize: { DataType: "Number", StringValue: "1048576" },
    });
    const notification = JSON.parse(enveloped!.Body!);
    expect(notification.Message).toBe(pointerBody(bucket.name, key));
    expect(notification.MessageAttributes).toMatchObject({ ExtendedPayloadSize: { Type: "Number", Value: "1048576" } });
    expect(Buffer.byteLength(enveloped!.Body!)).toBeLessThan(4096);

    // One subscriber keys on the payload's orderId, which the pointer does not have.
    const billing = consumer({ BULKHEAD_MESSAGE_FORMAT: "raw", BULKHEAD_IDEMPOTENCY_KEY: "orderId", BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn });
    const shipping = consumer({ BULKHEAD_MESSAGE_FORMAT: "sns-envelope", BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn });
    expect(failedIds(await billing.invoke(sqsEvent(lambdaRecord(raw!, billingQueue))))).toEqual([]);
    expect(failedIds(await shipping.invoke(sqsEvent(lambdaRecord(enveloped!, shippingQueue))))).toEqual([]);

    expect(billing.seen.map((p) => JSON.stringify(p))).toEqual([body]);
    expect(shipping.seen.map((p) => JSON.stringify(p))).toEqual([body]);
    // The key and the payload check come from the order itself.
    const [billed] = await billing.storedItems();
    expect(billed).toMatchObject({ id: `${billing.functionName}#${md5("acme-1")}`, validation: md5(order) });
    const [shipped] = await shipping.storedItems();
    expect(shipped).toMatchObject({ id: `${shipping.functionName}#${md5(bulkheadMessageId)}`, validation: md5(order) });
    // Nobody deletes it: the bucket's lifecycle does.
    expect((await bucket.objects()).map((o) => o.key)).toEqual([key]);
  });

  it("cannot be published without the claim check (SNS takes 256 KiB), and a body within the threshold goes as it is", async () => {
    const bucket = claimCheckBucket(local.aws);
    const topic = `orders-dev-order-events-${unique()}`;
    const queue = `orders-dev-billing-${unique()}`;
    const { topicArn } = local.aws.server.createTopic(topic);
    local.aws.server.createQueue(queue);
    local.aws.server.subscribe({ topic, queue, attributes: { RawMessageDelivery: "true" } });
    const s3 = local.aws.s3Client();
    const arnOnly = { [topicArnVariable("order-events")]: topicArn };
    const big = payloadOfBytes(1_048_576, { orderId: "o-1" });

    const plain = createTopicPublisher("order-events", { sns: local.aws.snsClient().client, s3: s3.client, env: { ...arnOnly, BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn } });
    await expect(plain.publish(big, { key: "o-1" })).rejects.toThrow(/too long/i);

    const checked = createTopicPublisher("order-events", { sns: local.aws.snsClient().client, s3: s3.client, env: { ...arnOnly, ...claimCheckEnv(bucket.arn, "order-events", 261_120) } });
    const small = { orderId: "o-2" };
    await checked.publish(small, { key: "o-2" });
    const [message] = await local.aws.drain(queue);
    expect(message!.Body).toBe(JSON.stringify(small));
    expect(Object.keys(message!.MessageAttributes ?? {})).toEqual(["bulkhead-message-id"]);
    expect(s3.commands).toEqual([]);
    expect(await bucket.objects()).toEqual([]);
  });
});

describe("the shard router and the tenant router", () => {
  const THRESHOLD = 1000;
  function shards() {
    const pattern = `ingest-${unique()}`;
    const queues = [0, 1, 2].map((i) => `orders-dev-${pattern}-${i}`);
    for (const name of queues) local.aws.server.createQueue(name);
    const table: RoutingTable = { version: 1, pattern, queues, tenants: { acme: [0, 1], globex: [2] } };
    const bucket = claimCheckBucket(local.aws);
    const s3 = local.aws.s3Client();
    const sqs = local.aws.sqsClient();
    const options = { sqs: sqs.client, s3: s3.client, env: claimCheckEnv(bucket.arn, pattern, THRESHOLD) };
    const receive = async () => (await Promise.all(queues.map((q) => local.aws.drain(q)))).flat();
    return { pattern, table, bucket, s3, sqs, options, receive };
  }

  it("offloads a body over the threshold, not one at it or under it", async () => {
    const { pattern, table, bucket, options, receive } = shards();
    const router = createShardRouter(table, options);
    const atThreshold = payloadOfBytes(THRESHOLD, { id: "at" });
    const under = payloadOfBytes(THRESHOLD - 1, { id: "under" });
    const over = payloadOfBytes(THRESHOLD + 1, { id: "over" });

    await router.send("acme", atThreshold, { key: "at" });
    await router.send("acme", under, { key: "under" });
    const sent = await router.send("acme", over, { key: "over" });

    const key = `${pattern}/${sent.bulkheadMessageId}`;
    expect(await bucket.objects()).toEqual([{ key, contentType: "application/json", body: JSON.stringify(over) }]);
    const received = await receive();
    const byBody = (m: Message) => m.Body!;
    expect(received.map(byBody).sort()).toEqual([JSON.stringify(atThreshold), JSON.stringify(under), pointerBody(bucket.name, key)].sort());
    const pointer = received.find((m) => m.Body === pointerBody(bucket.name, key))!;
    expect(pointer.MessageAttributes).toEqual({
      tenant: { DataType: "String", StringValue: "acme" },
      "bulkhead-message-id": { DataType: "String", StringValue: sent.bulkheadMessageId },
      ExtendedPayloadSize: { DataType: "Number", StringValue: String(THRESHOLD + 1) },
    });
    for (const plain of received.filter((m) => m !== pointer)) expect(plain.MessageAttributes).not.toHaveProperty("ExtendedPayloadSize");
  });

  it("stores a retried send over the same object, and offloads in sendBatch entry by entry", async () => {
    const { pattern, table, bucket, options, receive } = shards();
    const router = createShardRouter(table, options);
    const big = payloadOfBytes(THRESHOLD * 3, { id: "o-1" });

    const first = await router.send("acme", big, { key: "o-1" });
    const retry = await router.send("acme", big, { key: "o-1" });
    const batch = await router.sendBatch("globex", [
      { payload: { small: true }, key: "g-1" },
      { payload: payloadOfBytes(THRESHOLD + 500, { id: "g-2" }), key: "g-2" },
    ]);

    expect(retry.bulkheadMessageId).toBe(first.bulkheadMessageId);
    expect((await bucket.objects()).map((o) => o.key).sort()).toEqual([`${pattern}/${first.bulkheadMessageId}`, `${pattern}/${batch[1]!.bulkheadMessageId}`].sort());
    const bodies = (await receive()).map((m) => m.Body);
    expect(bodies.filter((b) => b === pointerBody(bucket.name, `${pattern}/${first.bulkheadMessageId}`))).toHaveLength(2);
    expect(bodies).toContain('{"small":true}');
    expect(bodies).toContain(pointerBody(bucket.name, `${pattern}/${batch[1]!.bulkheadMessageId}`));
  });

  it("fails only the batch entry whose body cannot be stored, and sends the rest", async () => {
    const { table, options, receive, s3 } = shards();
    // The bucket refuses the object of the entry whose payload has id "g-2".
    s3.client.middlewareStack.add(
      (next) => async (args: any) => {
        if (String(args.input?.Body ?? "").includes('"id":"g-2"')) throw Object.assign(new Error("Access Denied"), { name: "AccessDenied", $fault: "client" });
        return next(args);
      },
      { step: "initialize", name: "refuseOne" },
    );
    const router = createShardRouter(table, options);

    const error = await router
      .sendBatch("globex", [
        { payload: payloadOfBytes(THRESHOLD + 1, { id: "g-1" }), key: "g-1" },
        { payload: payloadOfBytes(THRESHOLD + 1, { id: "g-2" }), key: "g-2" },
        { payload: { small: true }, key: "g-3" },
      ])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShardBatchSendError);
    const { failed, sent } = error as ShardBatchSendError;
    expect(failed.map((f) => [f.index, f.code, f.senderFault])).toEqual([[1, "AccessDenied", true]]);
    expect(failed[0]!.message).toMatch(/^cannot store the body in s3:\/\/.+\/ingest-.+: Access Denied$/);
    expect(sent).toHaveLength(2);
    expect(await receive()).toHaveLength(2);
  });

  it("the tenant router offloads through the shard router", async () => {
    const { pattern, table, bucket, options, receive } = shards();
    const silos: RoutingTable = { ...table, tenants: { acme: [0], globex: [2] } };
    const router = createTenantRouter(silos, options);
    const sent = await router.send("globex", payloadOfBytes(THRESHOLD + 1), { key: "r-1" });
    const [message] = await receive();
    expect(message!.Body).toBe(pointerBody(bucket.name, `${pattern}/${sent.bulkheadMessageId}`));
    expect(message!.MessageAttributes?.ExtendedPayloadSize).toEqual({ DataType: "Number", StringValue: String(THRESHOLD + 1) });
  });
});

describe("the priority publisher", () => {
  it("offloads a body over the threshold, not one at it, and its lane consumer runs the payload", async () => {
    const pattern = `jobs-${unique()}`;
    const lanes = { high: `${pattern}-high`, low: `${pattern}-low` };
    for (const name of Object.values(lanes)) local.aws.server.createQueue(name);
    const bucket = claimCheckBucket(local.aws);
    const THRESHOLD = 2048;
    const env = { [priorityQueueVariable(pattern)]: JSON.stringify({ pattern, lanes }), ...claimCheckEnv(bucket.arn, pattern, THRESHOLD) };
    const publisher = createPriorityPublisher(pattern, { sqs: local.aws.sqsClient().client, s3: local.aws.s3Client().client, env });
    const atThreshold = payloadOfBytes(THRESHOLD, { job: "at" });
    const over = payloadOfBytes(THRESHOLD + 1, { job: "over" });

    await publisher.send(atThreshold, { key: "at" });
    const sent = await publisher.send(over, { key: "over", priority: "low" });

    const key = `${pattern}/${sent.bulkheadMessageId}`;
    expect(await bucket.objects()).toEqual([{ key, contentType: "application/json", body: JSON.stringify(over) }]);
    const [high] = await local.aws.drain(lanes.high);
    const [low] = await local.aws.drain(lanes.low);
    expect(high!.Body).toBe(JSON.stringify(atThreshold));
    expect(high!.MessageAttributes).not.toHaveProperty("ExtendedPayloadSize");
    expect(low!.Body).toBe(pointerBody(bucket.name, key));
    expect(low!.MessageAttributes).toMatchObject({
      "bulkhead-key": { StringValue: "over" },
      ExtendedPayloadSize: { DataType: "Number", StringValue: String(THRESHOLD + 1) },
    });

    const lowLane = consumer({ BULKHEAD_LANE: "low", BULKHEAD_EXPIRE_AFTER_SECONDS: "3600", BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn });
    expect(failedIds(await lowLane.invoke(sqsEvent(lambdaRecord(low!, lanes.low))))).toEqual([]);
    expect(lowLane.seen).toEqual([over]);
  });
});

describe("configuration problems", () => {
  const pattern = "order-events";
  const threshold = { [claimCheckThresholdVariable(pattern)]: "1000" };

  it("a threshold without the bucket: every producer says what is missing, and stores and sends nothing", async () => {
    const s3 = local.aws.s3Client();
    const sns = local.aws.snsClient();
    const sqs = local.aws.sqsClient();
    const missing =
      'bulkhead claim check for "order-events": BULKHEAD_CLAIM_CHECK_THRESHOLD_ORDER_EVENTS is set but BULKHEAD_CLAIM_CHECK_BUCKET is not, ' +
      'so there is no bucket to offload "order-events" payloads over the threshold to; the synthesizer sets both together: ' +
      "set BULKHEAD_CLAIM_CHECK_BUCKET to the claim-check bucket's ARN (arn:aws:s3:::<name>) or redeploy";
    const table: RoutingTable = { version: 1, pattern, queues: ["q-0"], tenants: { acme: [0] } };
    const senders = [
      () => createTopicPublisher(pattern, { sns: sns.client, s3: s3.client, env: { [topicArnVariable(pattern)]: "arn:aws:sns:us-east-1:000000000000:t", ...threshold } }).publish({}, { key: "k" }),
      () => createShardRouter(table, { sqs: sqs.client, s3: s3.client, env: threshold }).send("acme", {}, { key: "k" }),
      () => createShardRouter(table, { sqs: sqs.client, s3: s3.client, env: threshold }).sendBatch("acme", [{ payload: {}, key: "k" }]),
      () => createTenantRouter(table, { sqs: sqs.client, s3: s3.client, env: threshold }).send("acme", {}, { key: "k" }),
      () => createPriorityPublisher(pattern, { sqs: sqs.client, s3: s3.client, env: { [priorityQueueVariable(pattern)]: JSON.stringify({ pattern, lanes: { high: "h", low: "l" } }), ...threshold } }).send({}, { key: "k" }),
    ];
    for (const send of senders) {
      const error = await send().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClaimCheckConfigError);
      expect((error as Error).message).toBe(missing);
    }
    expect([s3.commands, sns.commands, sqs.commands]).toEqual([[], [], []]);
  });

  it("a threshold that is not a number of bytes and a bucket that is not an ARN are reported together", async () => {
    const publisher = createShardRouter(
      { version: 1, pattern, queues: ["q-0"], tenants: { acme: [0] } },
      { sqs: local.aws.sqsClient().client, env: { [claimCheckThresholdVariable(pattern)]: "256KiB", BULKHEAD_CLAIM_CHECK_BUCKET: "orders-dev-claim-checks" } },
    );
    await expect(publisher.send("acme", {}, { key: "k" })).rejects.toThrow(
      "BULKHEAD_CLAIM_CHECK_THRESHOLD_ORDER_EVENTS must be a positive whole number of bytes, got '256KiB'; BULKHEAD_CLAIM_CHECK_BUCKET must be a bucket ARN (arn:aws:s3:::<name>), got 'orders-dev-claim-checks'",
    );
  });

  it("a consumer's bucket that is not an ARN fails its configuration with the other problems", () => {
    const env = consumerVariables("f", local.idempotencyTable);
    expect(loadConsumerConfig({ ...env, BULKHEAD_CLAIM_CHECK_BUCKET: "arn:aws:s3:::orders-dev-claim-checks" }).claimCheckBucketName).toBe("orders-dev-claim-checks");
    expect(loadConsumerConfig(env)).not.toHaveProperty("claimCheckBucketName");
    expect(() => loadConsumerConfig({ ...env, BULKHEAD_QUEUE_KIND: "lifo", BULKHEAD_CLAIM_CHECK_BUCKET: "s3://orders-dev-claim-checks" })).toThrow(ConsumerConfigError);
    expect(() => loadConsumerConfig({ ...env, BULKHEAD_QUEUE_KIND: "lifo", BULKHEAD_CLAIM_CHECK_BUCKET: "s3://orders-dev-claim-checks" })).toThrow(
      /BULKHEAD_CLAIM_CHECK_BUCKET must be a bucket ARN \(arn:aws:s3:::<name>\), got 's3:\/\/orders-dev-claim-checks'.*BULKHEAD_QUEUE_KIND must be one of/,
    );
  });

  it("a body to offload with more attributes than a pointer leaves room for is refused before anything is stored", async () => {
    const bucket = claimCheckBucket(local.aws);
    const s3 = local.aws.s3Client();
    const sqs = local.aws.sqsClient();
    const router = createShardRouter({ version: 1, pattern, queues: ["q-0"], tenants: { acme: [0] } }, { sqs: sqs.client, s3: s3.client, env: claimCheckEnv(bucket.arn, pattern, 10) });
    const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`a${i}`, "v"]));
    await expect(router.send("acme", payloadOfBytes(11), { key: "k", attributes: eight })).rejects.toThrow(
      'the body (11 bytes) is over the 10-byte claim-check threshold of "order-events", and a message sent by reference takes at most 9 message attributes besides ExtendedPayloadSize (SQS allows 10); this one has 10',
    );
    expect([s3.commands, sqs.commands]).toEqual([[], []]);
  });

  it("the extended clients' size attribute cannot be set by the caller, claim check or not", async () => {
    const sqs = local.aws.sqsClient();
    const router = createShardRouter({ version: 1, pattern, queues: ["q-0"], tenants: { acme: [0] } }, { sqs: sqs.client, env: {} });
    const publisher = createTopicPublisher(pattern, { sns: local.aws.snsClient().client, env: { [topicArnVariable(pattern)]: "arn:aws:sns:us-east-1:000000000000:t" } });
    const priority = createPriorityPublisher(pattern, { sqs: sqs.client, env: { [priorityQueueVariable(pattern)]: JSON.stringify({ pattern, lanes: { high: "h", low: "l" } }) } });
    for (const name of ["ExtendedPayloadSize", "SQSLargePayloadSize"]) {
      const reserved = new RegExp(`message attribute "${name}" is reserved: it marks a message sent by reference`);
      await expect(router.send("acme", {}, { key: "k", attributes: { [name]: "1" } })).rejects.toThrow(reserved);
      await expect(publisher.publish({}, { key: "k", attributes: { [name]: "1" } })).rejects.toThrow(reserved);
      await expect(priority.send({}, { key: "k", attributes: { [name]: "1" } })).rejects.toThrow(reserved);
    }
    expect(sqs.commands).toEqual([]);
  });
});
