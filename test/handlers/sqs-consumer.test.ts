import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { sqsConsumer, type RecordHandler, type SqsConsumerOptions } from "../../handlers/index.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { withEnv } from "./support/env.js";
import { failedIds, lambdaContext, rawRecord, snsRecord, sqsEvent } from "./support/events.js";
import { useLocalServices } from "./support/local-services.js";
import { lastEmfCounts } from "./support/output.js";

const local = useLocalServices({ fauxqs: false });

interface Order {
  orderId: string;
  amount: number;
}

/**
 * A consumer as the synthesizer would configure it, on its own function name so that tests never
 * share idempotency keys, wired to dynalite.
 */
function consumer<T>(handler: RecordHandler<T>, env: Record<string, string> = {}, options: SqsConsumerOptions = {}) {
  return consumerUnderTest(local, handler, { functionName: uniqueName("orders-billing"), env, options });
}

/**
 * A business handler that records each side effect it performs. The side effect takes a moment,
 * as a call to a payment API would, so a second copy started meanwhile would find it in progress.
 */
function charging() {
  const charges: Order[] = [];
  const handler: RecordHandler<Order> = async (order) => {
    charges.push(order);
    await sleep(10);
    return { charged: order.amount };
  };
  return { charges, handler };
}

/** The consumer's own counts from the last EMF document written. */
const lastCounts = () => lastEmfCounts(local.output, "processed", "duplicate", "failed", "deferredForTime");

describe("idempotency", () => {
  it("runs a message redelivered in a later batch once", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler);
    const event = sqsEvent(rawRecord({ orderId: "o-1", amount: 10 }), rawRecord({ orderId: "o-2", amount: 20 }));

    expect(failedIds(await billing.invoke(event))).toEqual([]);
    expect(failedIds(await billing.invoke(event))).toEqual([]);

    expect(charges.map((c) => c.orderId)).toEqual(["o-1", "o-2"]);
    expect(lastCounts()).toEqual({ processed: 0, duplicate: 2, failed: 0, deferredForTime: 0 });
    const stored = await billing.storedItems();
    expect(stored.map((item) => item.status)).toEqual(["COMPLETED", "COMPLETED"]);
    expect(stored.map((item) => JSON.stringify(item.data)).sort()).toEqual(['{"charged":10}', '{"charged":20}']);
  });

  it("runs two copies of a message in one batch once", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler);
    const copy = rawRecord({ orderId: "o-1", amount: 10 });
    const event = sqsEvent(copy, rawRecord({ orderId: "o-2", amount: 20 }), { ...copy, receiptHandle: "second" });

    expect(failedIds(await billing.invoke(event))).toEqual([]);

    expect(charges.map((c) => c.orderId)).toEqual(["o-1", "o-2"]);
    expect(lastCounts()).toEqual({ processed: 2, duplicate: 1, failed: 0, deferredForTime: 0 });
  });

  it("runs two messages with the same business key in one batch once", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler, { BULKHEAD_IDEMPOTENCY_KEY: "orderId" });
    const event = sqsEvent(rawRecord({ orderId: "o-1", amount: 10 }), rawRecord({ orderId: "o-1", amount: 10 }));

    expect(failedIds(await billing.invoke(event))).toEqual([]);

    expect(charges).toHaveLength(1);
    expect(lastCounts()).toMatchObject({ processed: 1, duplicate: 1 });
  });

  it("keys on the message id when there is neither a key expression nor a bulkhead-message-id, so equal payloads both run", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler);
    const event = sqsEvent(rawRecord({ orderId: "o-1", amount: 10 }), rawRecord({ orderId: "o-1", amount: 10 }));

    await billing.invoke(event);

    expect(charges).toHaveLength(2);
  });

  it("keys on the bulkhead-message-id attribute when no key expression is set, so a republished message runs once", async () => {
    const { charges, handler } = charging();
    const raw = consumer(handler);
    const enveloped = consumer(handler, { BULKHEAD_MESSAGE_FORMAT: "sns-envelope" });
    const order = { orderId: "o-1", amount: 10 };
    const md5 = (key: string) => createHash("md5").update(JSON.stringify(key)).digest("base64");

    // Two publishes of one business key: new SQS (and SNS) message ids, the same bulkhead-message-id.
    await raw.invoke(sqsEvent(rawRecord(order, { bulkheadMessageId: "b-1" }), rawRecord(order, { bulkheadMessageId: "b-1" })));
    await enveloped.invoke(sqsEvent(snsRecord(order, { bulkheadMessageId: "b-2" })));
    await enveloped.invoke(sqsEvent(snsRecord(order, { bulkheadMessageId: "b-2" })));

    expect(charges).toHaveLength(2);
    expect((await raw.storedItems()).map((item) => item.id)).toEqual([`${raw.functionName}#${md5("b-1")}`]);
    expect((await enveloped.storedItems()).map((item) => item.id)).toEqual([`${enveloped.functionName}#${md5("b-2")}`]);
  });

  it("prefers a key expression to the bulkhead-message-id", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler, { BULKHEAD_IDEMPOTENCY_KEY: "orderId" });
    const shared = { bulkheadMessageId: "b-1" };

    await billing.invoke(sqsEvent(rawRecord({ orderId: "o-1", amount: 10 }, shared), rawRecord({ orderId: "o-2", amount: 20 }, shared)));

    expect(charges.map((c) => c.orderId)).toEqual(["o-1", "o-2"]);
  });

  it("rejects a changed payload under a bulkhead-message-id that already completed", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler);
    await billing.invoke(sqsEvent(rawRecord({ orderId: "o-1", amount: 10 }, { bulkheadMessageId: "b-1" })));

    const changed = rawRecord({ orderId: "o-1", amount: 99 }, { bulkheadMessageId: "b-1" });
    expect(failedIds(await billing.invoke(sqsEvent(changed, rawRecord({ orderId: "o-2", amount: 20 }))))).toEqual([
      changed.messageId,
    ]);

    expect(charges.map((c) => c.amount)).toEqual([10, 20]);
  });

  it("stores ids as `<functionName>#<md5 of the key>` with the expiration the TTL asks for", async () => {
    const { handler } = charging();
    const byOrder = consumer(handler, { BULKHEAD_IDEMPOTENCY_KEY: "orderId", BULKHEAD_IDEMPOTENCY_TTL_SECONDS: "600" });
    const byMessage = consumer(handler);
    const record = rawRecord({ orderId: "o-7", amount: 70 }, { messageId: "m-7" });
    const md5 = (key: string) => createHash("md5").update(JSON.stringify(key)).digest("base64");

    await byOrder.invoke(sqsEvent(record));
    await byMessage.invoke(sqsEvent(record));

    const [orderItem] = await byOrder.storedItems();
    expect(orderItem.id).toBe(`${byOrder.functionName}#${md5("o-7")}`);
    expect(orderItem.expiration).toBeGreaterThan(Date.now() / 1000 + 590);
    expect(orderItem.expiration).toBeLessThan(Date.now() / 1000 + 610);
    const [messageItem] = await byMessage.storedItems();
    expect(messageItem.id).toBe(`${byMessage.functionName}#${md5("m-7")}`);
  });

  it("evaluates the whole key expression against the payload", async () => {
    const { charges, handler } = charging();
    // Without wrapping, `payload.orderId || id` would read `id` from the wrong object and miss.
    const billing = consumer(handler, { BULKHEAD_IDEMPOTENCY_KEY: "orderId || id" });
    const event = sqsEvent(rawRecord({ id: "legacy-1", amount: 1 }), rawRecord({ id: "legacy-1", amount: 1 }));

    expect(failedIds(await billing.invoke(event))).toEqual([]);

    expect(charges).toHaveLength(1);
  });

  it("rejects a changed payload under a key that already completed, without running it", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler, { BULKHEAD_IDEMPOTENCY_KEY: "orderId" });
    await billing.invoke(sqsEvent(rawRecord({ orderId: "o-1", amount: 10 })));

    const changed = rawRecord({ orderId: "o-1", amount: 99 });
    const response = await billing.invoke(sqsEvent(changed, rawRecord({ orderId: "o-2", amount: 20 })));

    expect(failedIds(response)).toEqual([changed.messageId]);
    expect(charges).toEqual([
      { orderId: "o-1", amount: 10 },
      { orderId: "o-2", amount: 20 },
    ]);
    const failure = local.output.logs().find((line) => line.message === "record failed; reported for retry");
    expect(failure?.error?.name).toBe("IdempotencyValidationError");
    expect(lastCounts()).toMatchObject({ processed: 1, failed: 1 });
  });

  it("stores a result DynamoDB could not marshal as-is, instead of failing after the side effect", async () => {
    let runs = 0;
    const billing = consumer(async () => {
      runs += 1;
      return { charged: 10, note: undefined, at: new Date(0) };
    });
    const record = rawRecord({ orderId: "o-1" });

    expect(failedIds(await billing.invoke(sqsEvent(record)))).toEqual([]);
    expect(failedIds(await billing.invoke(sqsEvent(record)))).toEqual([]);

    expect(runs).toBe(1);
    const [item] = await billing.storedItems();
    expect(item.data).toEqual({ charged: 10, at: "1970-01-01T00:00:00.000Z" });
  });

  it("fails a record whose key expression finds nothing instead of running it unprotected", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler, { BULKHEAD_IDEMPOTENCY_KEY: "orderId" });
    const keyless = rawRecord({ amount: 5 });

    const response = await billing.invoke(sqsEvent(keyless, rawRecord({ orderId: "o-1", amount: 10 })));

    expect(failedIds(response)).toEqual([keyless.messageId]);
    expect(charges.map((c) => c.orderId)).toEqual(["o-1"]);
  });
});

describe("partial batch failures", () => {
  it("reports only the failing record, and runs it again on redelivery", async () => {
    let attempts = 0;
    const done: string[] = [];
    const billing = consumer<Order>(async (order) => {
      if (order.orderId === "o-2" && ++attempts === 1) throw new Error("card declined");
      done.push(order.orderId);
    });
    const failing = rawRecord({ orderId: "o-2", amount: 20 });
    const event = sqsEvent(rawRecord({ orderId: "o-1", amount: 10 }), failing, rawRecord({ orderId: "o-3", amount: 30 }));

    expect(failedIds(await billing.invoke(event))).toEqual([failing.messageId]);
    expect(done).toEqual(["o-1", "o-3"]);
    expect(lastCounts()).toEqual({ processed: 2, duplicate: 0, failed: 1, deferredForTime: 0 });

    // The failed attempt left no lock behind, so the retry really runs.
    expect(failedIds(await billing.invoke(sqsEvent(failing)))).toEqual([]);
    expect(done).toEqual(["o-1", "o-3", "o-2"]);
  });

  it("throws when every record fails, so the invocation counts as an error, and still emits metrics", async () => {
    const billing = consumer(async () => {
      throw new Error("downstream unavailable");
    });

    await expect(billing.invoke(sqsEvent(rawRecord({ orderId: "o-1" }), rawRecord({ orderId: "o-2" })))).rejects.toThrow(
      "All records failed",
    );
    expect(lastCounts()).toEqual({ processed: 0, duplicate: 0, failed: 2, deferredForTime: 0 });
  });

  it("on a FIFO queue holds back the rest of a failed record's group and lets other groups go on", async () => {
    const seen: string[] = [];
    const billing = consumer<Order>(
      async (order) => {
        seen.push(order.orderId);
        if (order.orderId === "a-2") throw new Error("fails");
      },
      { BULKHEAD_QUEUE_KIND: "fifo" },
    );
    const records = [
      rawRecord({ orderId: "a-1" }, { groupId: "a" }),
      rawRecord({ orderId: "b-1" }, { groupId: "b" }),
      rawRecord({ orderId: "a-2" }, { groupId: "a" }),
      rawRecord({ orderId: "a-3" }, { groupId: "a" }),
      rawRecord({ orderId: "b-2" }, { groupId: "b" }),
    ];

    const response = await billing.invoke(sqsEvent(...records));

    expect(seen).toEqual(["a-1", "b-1", "a-2", "b-2"]);
    expect(failedIds(response)).toEqual([records[2].messageId, records[3].messageId]);
    expect(lastCounts()).toEqual({ processed: 3, duplicate: 0, failed: 2, deferredForTime: 0 });
  });
});

describe("time guard", () => {
  it("defers the records left when time runs short, without running them", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler, {}, { timeSafetyMarginMs: 2_000 });
    const records = [1, 2, 3, 4, 5].map((n) => rawRecord({ orderId: `o-${n}`, amount: n }));
    // Plenty of time until two records are done, then less than the margin.
    const context = lambdaContext(billing.functionName, () => (charges.length >= 2 ? 1_500 : 10_000));

    const response = await billing.invoke(sqsEvent(...records), context);

    expect(charges.map((c) => c.orderId)).toEqual(["o-1", "o-2"]);
    expect(failedIds(response)).toEqual(records.slice(2).map((r) => r.messageId));
    expect(lastCounts()).toEqual({ processed: 2, duplicate: 0, failed: 0, deferredForTime: 3 });
    // Deferred records took no lock: the redelivery runs exactly them.
    expect(await billing.storedItems()).toHaveLength(2);
    expect(failedIds(await billing.invoke(sqsEvent(...records)))).toEqual([]);
    expect(charges.map((c) => c.orderId)).toEqual(["o-1", "o-2", "o-3", "o-4", "o-5"]);
  });

  it("takes its margin from BULKHEAD_TIME_MARGIN_MS, else 3000 ms, and the timeSafetyMarginMs option over both", async () => {
    const records = () => [1, 2, 3].map((n) => rawRecord({ orderId: `o-${n}`, amount: n }));
    const ranWith = async (env: Record<string, string>, options: SqsConsumerOptions = {}) => {
      const { charges, handler } = charging();
      const billing = consumer(handler, env, options);
      // 1.5 s left all along: above a 1000 ms margin, below 2000 and 3000.
      await billing.invoke(sqsEvent(...records()), lambdaContext(billing.functionName, () => 1_500));
      return charges.length;
    };

    expect(await ranWith({ BULKHEAD_TIME_MARGIN_MS: "1000" })).toBe(3);
    expect(await ranWith({})).toBe(1);
    expect(await ranWith({ BULKHEAD_TIME_MARGIN_MS: "1000" }, { timeSafetyMarginMs: 2_000 })).toBe(1);
    expect(await ranWith({ BULKHEAD_TIME_MARGIN_MS: "3000" }, { timeSafetyMarginMs: 1_000 })).toBe(3);
  });

  it("always runs the first record, so a margin longer than the timeout cannot starve the queue", async () => {
    const { charges, handler } = charging();
    const billing = consumer(handler);
    const records = [1, 2, 3].map((n) => rawRecord({ orderId: `o-${n}`, amount: n }));

    const response = await billing.invoke(sqsEvent(...records), lambdaContext(billing.functionName, () => 100));

    expect(charges.map((c) => c.orderId)).toEqual(["o-1"]);
    expect(failedIds(response)).toEqual([records[1].messageId, records[2].messageId]);
    const warning = local.output.logs().find((line) => line.level === "WARN");
    expect(warning).toMatchObject({ deferredForTime: 2 });
  });
});

describe("message formats", () => {
  it("unwraps SNS envelopes and keys on the SNS MessageId, which survives SNS delivering twice", async () => {
    const { charges, handler } = charging();
    const seenIds: string[] = [];
    const billing = consumer<Order>(
      async (order, scope) => {
        seenIds.push(scope.messageId);
        return handler(order, scope);
      },
      { BULKHEAD_MESSAGE_FORMAT: "sns-envelope" },
    );
    const first = snsRecord({ orderId: "o-1", amount: 10 }, { snsMessageId: "sns-1" });
    const second = snsRecord({ orderId: "o-1", amount: 10 }, { snsMessageId: "sns-1" });

    expect(failedIds(await billing.invoke(sqsEvent(first, second)))).toEqual([]);

    expect(charges).toEqual([{ orderId: "o-1", amount: 10 }]);
    expect(seenIds).toEqual(["sns-1"]);
  });

  it("passes a raw body through as the payload", async () => {
    const payloads: unknown[] = [];
    const billing = consumer(async (payload) => {
      payloads.push(payload);
    });
    // Under raw delivery a body that happens to look like an envelope is still just the payload.
    const envelopeLooking = JSON.parse(snsRecord({ orderId: "o-1" }).body);

    await billing.invoke(sqsEvent(rawRecord({ orderId: "o-2" }), rawRecord(envelopeLooking)));

    expect(payloads).toEqual([{ orderId: "o-2" }, envelopeLooking]);
  });

  it("fails records that do not match the configured format", async () => {
    const billing = consumer(async () => undefined, { BULKHEAD_MESSAGE_FORMAT: "sns-envelope" });
    const raw = rawRecord({ orderId: "o-1" });
    const notJson = rawRecord("not json");

    const response = await billing.invoke(sqsEvent(raw, notJson, snsRecord({ orderId: "o-2" })));

    expect(failedIds(response)).toEqual([raw.messageId, notJson.messageId]);
    const errors = local.output.logs().filter((line) => line.level === "ERROR");
    expect(errors.map((line) => [line.sqsMessageId, line.error.name])).toEqual([
      [raw.messageId, "MalformedMessageError"],
      [notJson.messageId, "MalformedMessageError"],
    ]);
  });
});

describe("logs and metrics", () => {
  it("labels each record's logs with its correlation id and tenant, and only that record's", async () => {
    const billing = consumer<Order>(
      async (order, { logger }) => {
        logger.appendKeys({ step: "charging" });
        logger.info("charging", { orderId: order.orderId });
      },
      { BULKHEAD_MESSAGE_FORMAT: "sns-envelope" },
    );
    const acme = snsRecord({ orderId: "o-1" }, { snsMessageId: "sns-acme", tenant: "acme" });
    const untenanted = snsRecord({ orderId: "o-2" }, { snsMessageId: "sns-none" });

    await billing.invoke(sqsEvent(acme, untenanted, acme));

    const lines = local.output.logs().map(({ message, correlation_id, tenant, step, orderId, service, function_name }) => ({
      message,
      correlation_id,
      tenant,
      step,
      orderId,
      service,
      function_name,
    }));
    const common = { service: "orders", function_name: billing.functionName };
    expect(lines).toEqual([
      { ...common, message: "charging", correlation_id: "sns-acme", tenant: "acme", step: "charging", orderId: "o-1" },
      { ...common, message: "charging", correlation_id: "sns-none", tenant: undefined, step: "charging", orderId: "o-2" },
      {
        ...common,
        message: "duplicate message: already processed, not run again",
        correlation_id: "sns-acme",
        tenant: "acme",
        step: undefined,
        orderId: undefined,
      },
    ]);
  });

  it("takes the tenant from the SQS message attribute under raw delivery", async () => {
    const billing = consumer(async (_payload, { logger, tenant }) => logger.info("seen", { scopeTenant: tenant }));

    await billing.invoke(sqsEvent(rawRecord({ orderId: "o-1" }, { messageId: "m-1", tenant: "globex" })));

    expect(local.output.logs()).toMatchObject([{ message: "seen", correlation_id: "m-1", tenant: "globex", scopeTenant: "globex" }]);
  });

  it("emits one EMF document per invocation with the counts and the handler's own metrics", async () => {
    const billing = consumer<Order>(async (order, { metrics }) => {
      if (order.amount < 0) throw new Error("negative amount");
      metrics.addMetric("charged", "Count", order.amount);
    });
    const once = rawRecord({ orderId: "o-1", amount: 10 });

    await billing.invoke(sqsEvent(once, rawRecord({ orderId: "o-2", amount: -1 }), once));

    const documents = local.output.metrics();
    expect(documents).toHaveLength(1);
    const [emf] = documents;
    expect(emf).toMatchObject({ service: "orders", function: billing.functionName, processed: 1, duplicate: 1, failed: 1, deferredForTime: 0, deferred: 0, expired: 0, tenantRejected: 0, charged: 10 });
    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe("bulkhead-test");
    // Per function, so an alarm (a priority lane's expiries) can watch one function's counts.
    expect(directive.Dimensions).toEqual([["service", "function"]]);
    expect(directive.Metrics.map((m: { Name: string }) => m.Name).sort()).toEqual(
      ["charged", "deferred", "deferredForTime", "duplicate", "expired", "failed", "processed", "tenantRejected"],
    );
  });
});

describe("configuration from the environment", () => {
  it("builds its clients from the environment alone, once, on the first invocation", async () => {
    const functionName = uniqueName("orders-audit");
    const calls: string[] = [];
    const audit = sqsConsumer<Order>(async (order) => {
      calls.push(order.orderId);
    });
    const lambdaEnv = {
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      BULKHEAD_IDEMPOTENCY_TABLE: local.idempotencyTable,
      BULKHEAD_MESSAGE_FORMAT: "raw",
      BULKHEAD_QUEUE_KIND: "standard",
      // The AWS SDK's own per-service endpoint variable: a generated handler needs no test hook.
      AWS_ENDPOINT_URL_DYNAMODB: local.db.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    };

    await withEnv(lambdaEnv, () => audit(sqsEvent(rawRecord({ orderId: "o-1" })), lambdaContext(functionName)));
    // Read on the first call and kept: the environment no longer matters.
    await audit(sqsEvent(rawRecord({ orderId: "o-2" })), lambdaContext(functionName));

    expect(calls).toEqual(["o-1", "o-2"]);
    const ids = (await local.db.items(local.idempotencyTable)).map((item) => String(item.id)).filter((id) => id.startsWith(`${functionName}#`));
    expect(ids).toHaveLength(2);
  });

  it("fails the invocation, naming every problem, when the environment is incomplete", async () => {
    const handler = sqsConsumer(async () => undefined, { dynamoDBClient: local.db.client });
    const incomplete = {
      AWS_LAMBDA_FUNCTION_NAME: "",
      BULKHEAD_IDEMPOTENCY_TABLE: "",
      BULKHEAD_MESSAGE_FORMAT: "raw",
      BULKHEAD_QUEUE_KIND: "FIFO",
    };

    await withEnv(incomplete, () =>
      expect(handler(sqsEvent(rawRecord({})), lambdaContext("x"))).rejects.toThrow(
        "AWS_LAMBDA_FUNCTION_NAME is required; BULKHEAD_IDEMPOTENCY_TABLE is required; " +
          "BULKHEAD_QUEUE_KIND must be one of 'standard', 'fifo', got 'FIFO'",
      ),
    );
  });
});
