import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { GetQueueUrlCommand, SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { timeGuardMarginMs } from "../../patterns/model/consumer-function.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { lambdaContext } from "./support/events.js";
import { useLocalServices } from "./support/local-services.js";
import { pollUntilEmpty } from "./support/queue-poller.js";

// A 3 s function with batches of 10, its queue redriving after 5 receives: the case that lost half
// its orders to the DLQ while the runtime's margin was a fixed 3000 ms.
const TIMEOUT_SECONDS = 3;
const MAX_RECEIVE_COUNT = 5;
const ORDERS = 200;

const local = useLocalServices();

interface Order {
  orderId: string;
  n: number;
}

/** A queue holding `ORDERS` healthy orders, with a DLQ it redrives to after `MAX_RECEIVE_COUNT` receives. */
async function queueOfOrders(sqs: SQSClient) {
  const name = `orders-dev-billing-${randomUUID().slice(0, 6)}`;
  const dlq = local.aws.server.createQueue(`${name}-dlq`);
  local.aws.server.createQueue(name, { attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: MAX_RECEIVE_COUNT }) } });
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
  const runs = new Map<string, number>();
  const billing = consumerUnderTest<Order>(
    local,
    async (order) => {
      runs.set(order.orderId, (runs.get(order.orderId) ?? 0) + 1);
      await sleep(20 + ((order.n * 7) % 31));
    },
    { functionName: uniqueName("orders-dev-billing"), env: { BULKHEAD_IDEMPOTENCY_KEY: "orderId", ...env } },
  );
  const invoke = (event: SQSEvent) => {
    const started = Date.now();
    return billing.invoke(event, lambdaContext(billing.functionName, () => TIMEOUT_SECONDS * 1000 - (Date.now() - started)));
  };
  return { runs, invoke };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("the time guard's margin on a 3 s function", () => {
  it("with the margin the synthesizer sets (BULKHEAD_TIME_MARGIN_MS = 1000), processes every healthy order once and dead-letters none", async () => {
    const sqs = local.aws.sqsClient().client;
    const queue = await queueOfOrders(sqs);
    const billing = threeSecondBilling({ BULKHEAD_TIME_MARGIN_MS: String(timeGuardMarginMs(TIMEOUT_SECONDS)) });

    await pollUntilEmpty(sqs, queue.name, billing.invoke);

    expect(billing.runs.size).toBe(ORDERS);
    expect([...billing.runs.values()].every((count) => count === 1)).toBe(true);
    expect(await local.aws.drain(queue.dlq)).toEqual([]);
    expect(sum(local.output.metrics().map((emf) => emf.processed))).toBe(ORDERS);
  });

  it("with the fixed 3000 ms margin of before (no BULKHEAD_TIME_MARGIN_MS), runs one order a batch and dead-letters healthy ones unrun", async () => {
    const sqs = local.aws.sqsClient().client;
    const queue = await queueOfOrders(sqs);
    const billing = threeSecondBilling({});

    await pollUntilEmpty(sqs, queue.name, billing.invoke);

    const dead = (await local.aws.drain(queue.dlq)).map((m) => (JSON.parse(m.Body!) as Order).orderId);
    // Every invocation starts its first record, then has less than 3000 ms left for the next.
    expect(local.output.metrics().every((emf) => emf.processed <= 1)).toBe(true);
    expect(dead.length).toBeGreaterThan(ORDERS / 4);
    expect(dead.filter((orderId) => billing.runs.has(orderId))).toEqual([]);
    expect(billing.runs.size + dead.length).toBe(ORDERS);
    expect([...billing.runs.values()].every((count) => count === 1)).toBe(true);
  });
});
