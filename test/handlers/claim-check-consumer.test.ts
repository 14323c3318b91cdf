import { randomUUID } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { claimCheckThresholdVariable, createPriorityPublisher, encodePointer, priorityQueueVariable, type SqsConsumerOptions } from "../../handlers/index.js";
import { claimCheckBucket, payloadOfBytes, pointerBody } from "./support/claim-check.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { failedIds, rawRecord, sqsEvent } from "./support/events.js";
import { useLocalServices } from "./support/local-services.js";
import { lastEmfCounts } from "./support/output.js";
import { pollOnce } from "./support/queue-poller.js";

const local = useLocalServices();

const unique = () => randomUUID().slice(0, 8);
const failureLogs = () => local.output.logs().filter((line) => line.level === "ERROR" && line.message === "record failed; reported for retry");
const lastCounts = () => lastEmfCounts(local.output, "processed", "failed", "deferred", "tenantRejected");

/** A consumer recording the payloads it runs; its S3 client's commands are counted unless the test passes its own. */
function consumer(env: Record<string, string>, options: SqsConsumerOptions = {}) {
  const seen: unknown[] = [];
  const s3 = options.s3 ? undefined : local.aws.s3Client();
  const under = consumerUnderTest(
    local,
    async (payload) => {
      seen.push(payload);
    },
    { functionName: uniqueName("orders-dev"), env, options: { sqs: local.aws.sqsClient().client, s3: s3?.client, ...options } },
  );
  return { seen, s3Commands: () => s3?.commands, invoke: (event: SQSEvent) => under.invoke(event) };
}

/** A raw record whose body is a pointer, marked with the size attribute as the extended clients mark it. */
function pointerRecord(body: string, size: number, o: { attribute?: string; tenant?: string; queue?: string; attributes?: Record<string, string> } = {}): SQSRecord {
  const record = rawRecord(body, { tenant: o.tenant, queue: o.queue, attributes: o.attributes });
  record.messageAttributes[o.attribute ?? "ExtendedPayloadSize"] = { dataType: "Number", stringValue: String(size) };
  return record;
}

/** An enveloped record whose Message is a pointer, the size an SNS Number attribute of the notification. */
function snsPointerRecord(message: string, size: number): SQSRecord {
  const notification = {
    Type: "Notification",
    MessageId: randomUUID(),
    TopicArn: "arn:aws:sns:us-east-1:123456789012:orders-dev-order-events",
    Message: message,
    Timestamp: new Date().toISOString(),
    MessageAttributes: { ExtendedPayloadSize: { Type: "Number", Value: String(size) } },
  };
  return rawRecord(JSON.stringify(notification));
}

async function stored(bucket: string, key: string, payload: unknown) {
  const body = JSON.stringify(payload);
  await local.aws.s3Client().client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json" }));
  return Buffer.byteLength(body);
}

describe("an unreadable pointer fails its record only", () => {
  it("raw delivery: a missing object, malformed pointers and another bucket's pointer are retried; the rest of the batch runs", async () => {
    const bucket = claimCheckBucket(local.aws);
    const good = { orderId: "o-1", lines: ["a"] };
    const goodSize = await stored(bucket.name, "order-events/aaaa", good);
    const records = {
      good: pointerRecord(pointerBody(bucket.name, "order-events/aaaa"), goodSize),
      missing: pointerRecord(pointerBody(bucket.name, "order-events/gone"), 10),
      notAPointer: pointerRecord('{"orderId":"o-3"}', 17),
      notJson: pointerRecord('["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3Buck', 10),
      foreign: pointerRecord(pointerBody("someone-elses-bucket", "order-events/aaaa"), goodSize),
      plain: rawRecord({ orderId: "o-6" }),
    };
    const billing = consumer({ BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn });

    const response = await billing.invoke(sqsEvent(...Object.values(records)));

    expect(failedIds(response)).toEqual([records.missing, records.notAPointer, records.notJson, records.foreign].map((r) => r.messageId));
    expect(billing.seen).toEqual([good, { orderId: "o-6" }]);
    expect(lastCounts()).toMatchObject({ processed: 2, failed: 4 });
    const logged = failureLogs().map((line) => [line.sqsMessageId, line.claimCheck, line.error?.message]);
    expect(logged).toEqual([
      [records.missing.messageId, { body: records.missing.body, bucket: bucket.name, key: "order-events/gone", size: "10" }, expect.stringMatching(/cannot read the claim-checked payload s3:\/\/.+\/order-events\/gone: there is no such object/)],
      [records.notAPointer.messageId, { body: '{"orderId":"o-3"}', size: "17" }, expect.stringMatching(/marked as sent by reference \(ExtendedPayloadSize\), but its body is not a claim-check pointer/)],
      [records.notJson.messageId, { body: records.notJson.body, size: "10" }, expect.stringMatching(/its body is not a claim-check pointer/)],
      [records.foreign.messageId, expect.objectContaining({ bucket: "someone-elses-bucket" }), expect.stringMatching(/names bucket "someone-elses-bucket", not this consumer's claim-check bucket/)],
    ]);
    // The other bucket was never asked.
    expect(billing.s3Commands()).toEqual(["GetObjectCommand", "GetObjectCommand"]);
  });

  it("enveloped delivery: the envelope's Message is the pointer and its Number attribute the mark", async () => {
    const bucket = claimCheckBucket(local.aws);
    const good = payloadOfBytes(300_000, { orderId: "o-1" });
    const size = await stored(bucket.name, "order-events/bbbb", good);
    const records = [snsPointerRecord(pointerBody(bucket.name, "order-events/bbbb"), size), snsPointerRecord(pointerBody(bucket.name, "order-events/none"), size), snsPointerRecord("garbage", size)];
    const shipping = consumer({ BULKHEAD_MESSAGE_FORMAT: "sns-envelope", BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn });

    const response = await shipping.invoke(sqsEvent(...records));

    expect(failedIds(response)).toEqual([records[1]!.messageId, records[2]!.messageId]);
    expect(shipping.seen).toEqual([good]);
    expect(failureLogs().map((line) => line.claimCheck?.key)).toEqual(["order-events/none", undefined]);
  });

  it("an object the role may not read fails that record, with S3's error", async () => {
    const bucket = claimCheckBucket(local.aws);
    const size = await stored(bucket.name, "order-events/cccc", { orderId: "o-1" });
    await stored(bucket.name, "other-pattern/dddd", { orderId: "o-2" });
    const s3 = local.aws.s3Client();
    // What S3 answers for a key outside the prefixes the consumer's role may s3:GetObject.
    s3.client.middlewareStack.add(
      (next) => async (args: any) => {
        if (String(args.input?.Key).startsWith("other-pattern/")) throw Object.assign(new Error("Access Denied"), { name: "AccessDenied", $fault: "client" });
        return next(args);
      },
      { step: "initialize", name: "denyOtherPatterns" },
    );
    const allowed = pointerRecord(pointerBody(bucket.name, "order-events/cccc"), size);
    const denied = pointerRecord(pointerBody(bucket.name, "other-pattern/dddd"), size);
    const billing = consumer({ BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn }, { s3: s3.client });

    expect(failedIds(await billing.invoke(sqsEvent(denied, allowed)))).toEqual([denied.messageId]);
    expect(billing.seen).toEqual([{ orderId: "o-1" }]);
    expect(failureLogs()[0]!.error.message).toMatch(/cannot read the claim-checked payload s3:\/\/.+\/other-pattern\/dddd: AccessDenied: Access Denied/);
  });

  it("a consumer without BULKHEAD_CLAIM_CHECK_BUCKET fails a pointer and says why, and runs the rest", async () => {
    const pointer = pointerRecord(pointerBody("orders-dev-claim-checks", "order-events/eeee"), 5000);
    const plain = rawRecord({ orderId: "o-2" });
    const billing = consumer({});

    expect(failedIds(await billing.invoke(sqsEvent(pointer, plain)))).toEqual([pointer.messageId]);
    expect(billing.seen).toEqual([{ orderId: "o-2" }]);
    expect(failureLogs()[0]!.error.message).toBe(
      "the message is sent by reference (s3://orders-dev-claim-checks/order-events/eeee), but BULKHEAD_CLAIM_CHECK_BUCKET is not set on this consumer, so it has no claim-check bucket to read it from",
    );
    expect(billing.s3Commands()).toEqual([]);
  });

  it("reads what older extended clients write: the legacy attribute and pointer class", async () => {
    const bucket = claimCheckBucket(local.aws);
    const size = await stored(bucket.name, "legacy-key", { orderId: "o-1" });
    const legacy = pointerRecord(`["com.amazon.sqs.javamessaging.MessageS3Pointer", {"s3BucketName": "${bucket.name}", "s3Key": "legacy-key"}]`, size, { attribute: "SQSLargePayloadSize" });
    const billing = consumer({ BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn });

    expect(failedIds(await billing.invoke(sqsEvent(legacy)))).toEqual([]);
    expect(billing.seen).toEqual([{ orderId: "o-1" }]);
  });

  it("a body that merely looks like a pointer, without the size attribute, is a payload like any other", async () => {
    const billing = consumer({ BULKHEAD_CLAIM_CHECK_BUCKET: "arn:aws:s3:::orders-dev-claim-checks" });
    const lookalike = encodePointer({ bucket: "orders-dev-claim-checks", key: "k" });
    expect(failedIds(await billing.invoke(sqsEvent(rawRecord(lookalike))))).toEqual([]);
    expect(billing.seen).toEqual([JSON.parse(lookalike)]);
    expect(billing.s3Commands()).toEqual([]);
  });
});

describe("pointers forwarded stay pointers", () => {
  it("a tenant silo dead-letters another tenant's pointer unread, body and size attribute unchanged", async () => {
    const dlq = local.aws.server.createQueue(`orders-dev-reports-acme-${unique()}-dlq`);
    const queue = local.aws.server.createQueue(`orders-dev-reports-acme-${unique()}`, { attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 3 }) } });
    const body = pointerBody("orders-dev-claim-checks", "reports/ffff");
    const misrouted = pointerRecord(body, 700_000, { tenant: "globex", queue: queue.queueName });
    const silo = consumer({ BULKHEAD_TENANT: "acme", BULKHEAD_CLAIM_CHECK_BUCKET: "arn:aws:s3:::orders-dev-claim-checks" });

    expect(failedIds(await silo.invoke(sqsEvent(misrouted)))).toEqual([]);

    expect(lastCounts()).toMatchObject({ tenantRejected: 1, processed: 0 });
    const [copy] = await local.aws.drain(dlq.queueName);
    expect(copy!.Body).toBe(body);
    expect(copy!.MessageAttributes).toMatchObject({
      tenant: { DataType: "String", StringValue: "globex" },
      ExtendedPayloadSize: { DataType: "Number", StringValue: "700000" },
    });
    expect(silo.s3Commands()).toEqual([]);
  });

  it("a high lane defers an aged pointer to the low lane as it is, where it is read and run", async () => {
    const pattern = `jobs-${unique()}`;
    const lanes = { high: `${pattern}-high`, low: `${pattern}-low` };
    for (const name of Object.values(lanes)) local.aws.server.createQueue(name);
    const bucket = claimCheckBucket(local.aws);
    const sqs = local.aws.sqsClient().client;
    const sentAt = Date.now() - 120_000;
    const env = { [priorityQueueVariable(pattern)]: JSON.stringify({ pattern, lanes }), BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn, [claimCheckThresholdVariable(pattern)]: "1024" };
    const job = payloadOfBytes(5000, { job: "j-1" });
    const sent = await createPriorityPublisher(pattern, { sqs, s3: local.aws.s3Client().client, env, now: () => sentAt }).send(job, { key: "j-1" });
    const lane = (name: "high" | "low", more: Record<string, string>) =>
      consumer({ BULKHEAD_LANE: name, BULKHEAD_EXPIRE_AFTER_SECONDS: "3600", BULKHEAD_IDEMPOTENCY_SCOPE: pattern, BULKHEAD_CLAIM_CHECK_BUCKET: bucket.arn, ...more }, { sqs });
    const high = lane("high", { BULKHEAD_DEFER_AFTER_SECONDS: "60", BULKHEAD_DEFER_TO_QUEUE: lanes.low });
    const low = lane("low", {});

    await pollOnce(sqs, lanes.high, high.invoke);
    expect(lastCounts()).toMatchObject({ deferred: 1 });
    expect(high.s3Commands()).toEqual([]);
    const [moved] = local.aws.server.inspectQueue(lanes.low)!.messages.ready;
    expect(moved!.body).toBe(pointerBody(bucket.name, `${pattern}/${sent.bulkheadMessageId}`));
    expect(moved!.messageAttributes).toMatchObject({ ExtendedPayloadSize: { DataType: "Number", StringValue: "5000" } });

    await pollOnce(sqs, lanes.low, low.invoke);
    expect(low.seen).toEqual([job]);
    expect(high.seen).toEqual([]);
  });
});
