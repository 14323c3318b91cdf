import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { GetQueueUrlCommand, SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConsumerConfig, sqsConsumer } from "../../handlers/index.js";
import { timeGuardMarginMs } from "../../patterns/model/consumer-function.js";
import { lambdaContext } from "./support/events.js";
import { startLocalAws, type LocalAws } from "./support/fauxqs.js";
import { startLocalDynamoDB, type LocalDynamoDB } from "./support/local-dynamodb.js";
import { captureOutput } from "./support/output.js";
import { pollUntilEmpty } from "./support/queue-poller.js";

// A 3 s function with batches of 10, its queue redriving after 5 receives: the case that lost half
// its orders to the DLQ while the runtime's margin was a fixed 3000 ms.
const TIMEOUT_SECONDS = 3;
const MAX_RECEIVE_COUNT = 5;
const ORDERS = 200;
const TABLE = "orders-dev-idempotency";

let aws: LocalAws;
let db: LocalDynamoDB;
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  vi.stubEnv("POWERTOOLS_SERVICE_NAME", "orders");
  vi.stubEnv("POWERTOOLS_METRICS_NAMESPACE", "bulkhead-test");
  [aws, db] = await Promise.all([startLocalAws(), startLocalDynamoDB()]);
  await db.createIdempotencyTable(TABLE);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([aws.stop(), db.stop()]);
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

interface Order {
  orderId: string;
  n: number;
}

/** A queue holding `ORDERS` healthy orders, with a DLQ it redrives to after `MAX_RECEIVE_COUNT` receives. */
async function queueOfOrders(sqs: SQSClient) {
  const name = `orders-dev-billing-${randomUUID().slice(0, 6)}`;
  const dlq = aws.server.createQueue(`${name}-dlq`);
  aws.server.createQueue(name, { attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: MAX_RECEIVE_COUNT }) } });
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  for (let start = 0; start < ORDERS; start += 10) {
    const Entries = Array.from({ length: 10 }, (_, i) => {
      const order: Order = { orderId: `o-${start + i}`, n: start + i };
      return { Id: String(i), MessageBody: JSON.stringify(order) };
    });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
  }
  return { name, dlq: `${name}-dlq` };
}

/**
 * A billing consumer configured by `env` as the synthesizer configures a 3 s function, invoked as
 * Lambda invokes it: each invocation's remaining time counts down from 3000 ms in real time. Each
 * order takes 20 to 50 ms of real time, as a call to a payment API would.
 */
function threeSecondBilling(env: Record<string, string>) {
  const functionName = `orders-dev-billing-${randomUUID().slice(0, 6)}`;
  const runs = new Map<string, number>();
  const config = loadConsumerConfig({
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    BULKHEAD_IDEMPOTENCY_TABLE: TABLE,
    BULKHEAD_IDEMPOTENCY_KEY: "orderId",
    BULKHEAD_MESSAGE_FORMAT: "raw",
    BULKHEAD_QUEUE_KIND: "standard",
    ...env,
  });
  const handle = sqsConsumer<Order>(async (order) => {
    runs.set(order.orderId, (runs.get(order.orderId) ?? 0) + 1);
    await sleep(20 + ((order.n * 7) % 31));
  }, { config, dynamoDBClient: db.client });
  const invoke = (event: SQSEvent) => {
    const started = Date.now();
    return handle(event, lambdaContext(functionName, () => TIMEOUT_SECONDS * 1000 - (Date.now() - started)));
  };
  return { runs, invoke };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("the time guard's margin on a 3 s function", () => {
  it("with the margin the synthesizer sets (BULKHEAD_TIME_MARGIN_MS = 1000), processes every healthy order once and dead-letters none", async () => {
    const sqs = aws.sqsClient().client;
    const queue = await queueOfOrders(sqs);
    const billing = threeSecondBilling({ BULKHEAD_TIME_MARGIN_MS: String(timeGuardMarginMs(TIMEOUT_SECONDS)) });

    await pollUntilEmpty(sqs, queue.name, billing.invoke);

    expect(billing.runs.size).toBe(ORDERS);
    expect([...billing.runs.values()].every((count) => count === 1)).toBe(true);
    expect(await aws.drain(queue.dlq)).toEqual([]);
    expect(sum(output.metrics().map((emf) => emf.processed))).toBe(ORDERS);
  });

  it("with the fixed 3000 ms margin of before (no BULKHEAD_TIME_MARGIN_MS), runs one order a batch and dead-letters healthy ones unrun", async () => {
    const sqs = aws.sqsClient().client;
    const queue = await queueOfOrders(sqs);
    const billing = threeSecondBilling({});

    await pollUntilEmpty(sqs, queue.name, billing.invoke);

    const dead = (await aws.drain(queue.dlq)).map((m) => (JSON.parse(m.Body!) as Order).orderId);
    // Every invocation starts its first record, then has less than 3000 ms left for the next.
    expect(output.metrics().every((emf) => emf.processed <= 1)).toBe(true);
    expect(dead.length).toBeGreaterThan(ORDERS / 4);
    expect(dead.filter((orderId) => billing.runs.has(orderId))).toEqual([]);
    expect(billing.runs.size + dead.length).toBe(ORDERS);
    expect([...billing.runs.values()].every((count) => count === 1)).toBe(true);
  });
});
