import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPriorityPublisher, priorityQueueVariable, type RecordHandler } from "../../handlers/index.js";
import { resolveService } from "../../patterns/model/resolve-service.js";
import { laneEnvironment, priorityQueueVariable as synthesizedVariable } from "../../patterns/priority-queue/settings.js";
import { loadSpec } from "../../patterns/spec/load.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { useLocalServices } from "./support/local-services.js";
import { pollOnce, pollUntilEmpty } from "./support/queue-poller.js";

const DEFER_S = 60;
const EXPIRE_S = 3600;
const local = useLocalServices({ idempotencyTable: "shop-dev-idempotency", powertools: { service: "shop", namespace: "bulkhead/shop" } });

/** A clock the test moves: producers stamp with it, consumers measure age with it. */
function clock(start = Date.now()) {
  let t = start;
  return { now: () => t, advance: (seconds: number) => (t += seconds * 1000) };
}

/** A priority-queue pattern's three lanes on fauxqs, with consumers configured as the synthesizer does. */
function priorityQueue(time: ReturnType<typeof clock>, options: { surgeWhenBacklogOver?: number } = {}) {
  const pattern = `jobs-${randomUUID().slice(0, 6)}`;
  const lanes = { high: `${pattern}-high`, low: `${pattern}-low`, surge: `${pattern}-surge` };
  for (const name of Object.values(lanes)) local.aws.server.createQueue(name);
  const scope = `shop-dev-${pattern}`;
  const ran: { lane: string; key: string }[] = [];
  const sqs = local.aws.sqsClient().client;
  const consumers = Object.fromEntries(
    (["high", "low", "surge"] as const).map((lane) => {
      const functionName = `${scope}-${lane}`;
      const env = laneEnvironment({
        lane,
        expireAfterSeconds: EXPIRE_S,
        ...(lane !== "low" ? { deferAfterSeconds: DEFER_S, deferTo: lanes.low } : {}),
      });
      const handler: RecordHandler<{ key: string }> = async (job) => {
        ran.push({ lane, key: job.key });
      };
      const consumer = consumerUnderTest(local, handler, { functionName, env: { BULKHEAD_IDEMPOTENCY_SCOPE: scope, ...env }, options: { sqs, now: time.now } });
      return [lane, (event: { Records: any[] }) => consumer.invoke(event)];
    }),
  ) as Record<"high" | "low" | "surge", (event: { Records: any[] }) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>>;
  const settings = { pattern, lanes, ...(options.surgeWhenBacklogOver !== undefined ? { surgeWhenBacklogOver: options.surgeWhenBacklogOver } : { lanes: { high: lanes.high, low: lanes.low } }) };
  const publisher = (backlogCacheMs = 0) =>
    createPriorityPublisher(pattern, { sqs, now: time.now, backlogCacheMs, env: { [priorityQueueVariable(pattern)]: JSON.stringify(settings) } });
  const poll = (lane: keyof typeof lanes, o?: { loseAcknowledgement?: boolean }) => pollOnce(sqs, lanes[lane], consumers[lane], o);
  const drainAll = async () => {
    for (const lane of ["high", "surge", "low"] as const) await pollUntilEmpty(sqs, lanes[lane], consumers[lane]);
  };
  const counts = () => {
    const sum = (name: string) => local.output.metrics().reduce((n, emf) => n + (emf[name] ?? 0), 0);
    return { processed: sum("processed"), duplicate: sum("duplicate"), deferred: sum("deferred"), expired: sum("expired"), failed: sum("failed") };
  };
  const depth = (lane: keyof typeof lanes) => {
    const q = local.aws.server.inspectQueue(lanes[lane])!;
    return q.messages.ready.length + q.messages.delayed.length + q.messages.inflight.length;
  };
  return { pattern, lanes, ran, publisher, poll, drainAll, counts, depth };
}

describe("priority lanes on fauxqs and dynalite", () => {
  it("the synthesizer and the runtime name the producer's variable alike", () => {
    for (const pattern of ["jobs", "order-jobs", "a-b-c"]) expect(priorityQueueVariable(pattern)).toBe(synthesizedVariable(pattern));
  });

  it("runs fresh high work in the high lane and low work in the low lane", async () => {
    const time = clock();
    const pq = priorityQueue(time);
    const send = pq.publisher();
    expect((await send.send({ key: "a" }, { key: "a" })).lane).toBe("high");
    expect((await send.send({ key: "b" }, { key: "b", priority: "low" })).lane).toBe("low");
    await pq.drainAll();
    expect(pq.ran).toEqual([{ lane: "high", key: "a" }, { lane: "low", key: "b" }]);
  });

  it("defers aged high work to the low lane, where it runs once, with its key, id and first enqueue time", async () => {
    const time = clock();
    const pq = priorityQueue(time);
    const sent = await pq.publisher().send({ key: "stale" }, { key: "stale", tenant: "acme", attributes: { kind: "report" } });
    time.advance(DEFER_S + 1);
    await pq.poll("high");
    expect(pq.ran).toEqual([]);
    expect(pq.depth("low")).toBe(1);
    const [moved] = local.aws.server.inspectQueue(pq.lanes.low)!.messages.ready;
    expect(moved!.messageAttributes).toMatchObject({
      "bulkhead-message-id": { StringValue: sent.bulkheadMessageId },
      "bulkhead-key": { StringValue: "stale" },
      "bulkhead-enqueued-at": { StringValue: String(time.now() - (DEFER_S + 1) * 1000) },
      tenant: { StringValue: "acme" },
      kind: { StringValue: "report" },
    });
    await pq.drainAll();
    expect(pq.ran).toEqual([{ lane: "low", key: "stale" }]);
    expect(pq.counts()).toMatchObject({ deferred: 1, processed: 1, failed: 0 });
    const log = local.output.logs().find((l) => l.message === "deferred to the low lane: older than deferAfterSeconds");
    expect(log).toMatchObject({ keys: ["stale"], lane: "high", deferred: 1 });
  });

  it("a deferral whose acknowledgement is lost is deferred again, and still runs once", async () => {
    const time = clock();
    const pq = priorityQueue(time);
    await pq.publisher().send({ key: "twice" }, { key: "twice" });
    time.advance(DEFER_S + 1);
    await pq.poll("high", { loseAcknowledgement: true });
    await pq.poll("high");
    expect(pq.depth("low")).toBe(2);
    await pq.drainAll();
    expect(pq.ran).toEqual([{ lane: "low", key: "twice" }]);
    expect(pq.counts()).toMatchObject({ deferred: 2, processed: 1, duplicate: 1 });
  });

  it("work that ran in the high lane but whose acknowledgement was lost is not run again after deferral", async () => {
    const time = clock();
    const pq = priorityQueue(time);
    await pq.publisher().send({ key: "ran" }, { key: "ran" });
    await pq.poll("high", { loseAcknowledgement: true });
    time.advance(DEFER_S + 1);
    await pq.drainAll();
    expect(pq.ran).toEqual([{ lane: "high", key: "ran" }]);
    expect(pq.counts()).toMatchObject({ processed: 1, deferred: 1, duplicate: 1 });
  });

  it("drops expired work in any lane, unrun, counted and logged with its key", async () => {
    const time = clock();
    const pq = priorityQueue(time);
    const send = pq.publisher();
    await send.send({ key: "old-high" }, { key: "old-high" });
    await send.send({ key: "old-low" }, { key: "old-low", priority: "low" });
    time.advance(EXPIRE_S + 1);
    await pq.drainAll();
    expect(pq.ran).toEqual([]);
    expect(pq.counts()).toMatchObject({ expired: 2, processed: 0, deferred: 0, failed: 0 });
    const logged = local.output.logs().filter((l) => l.message === "expired: older than expireAfterSeconds, dropped unrun").map((l) => l.key).sort();
    expect(logged).toEqual(["old-high", "old-low"]);
    const emf = local.output.metrics().find((m) => m.expired > 0)!;
    expect(emf._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(expect.arrayContaining(["service", "function"]));
  });

  it("loses nothing: of 300 jobs of mixed ages and lanes, each runs exactly once or is counted expired", async () => {
    const time = clock();
    const pq = priorityQueue(time);
    const send = pq.publisher();
    const ages = [0, DEFER_S / 2, DEFER_S + 5, EXPIRE_S / 2, EXPIRE_S + 5];
    const start = time.now();
    const expected = { run: new Set<string>(), expired: new Set<string>() };
    for (let i = 0; i < 300; i++) {
      const age = ages[i % ages.length]!;
      const key = `job-${i}`;
      const stamped = createPriorityPublisher(pq.pattern, { sqs: local.aws.sqsClient().client, now: () => start - age * 1000, env: { [priorityQueueVariable(pq.pattern)]: JSON.stringify({ pattern: pq.pattern, lanes: pq.lanes }) } });
      await (age === 0 ? send : stamped).send({ key }, { key, priority: i % 3 === 0 ? "low" : "high" });
      (age > EXPIRE_S ? expected.expired : expected.run).add(key);
    }
    // Every lane delivers each message twice: a lost acknowledgement on every first poll.
    for (const lane of ["high", "low"] as const) await pq.poll(lane, { loseAcknowledgement: true });
    await pq.drainAll();
    const ranKeys = pq.ran.map((r) => r.key);
    expect(new Set(ranKeys).size).toBe(ranKeys.length);
    expect(new Set(ranKeys)).toEqual(expected.run);
    expect(pq.counts().expired).toBeGreaterThanOrEqual(expected.expired.size);
    for (const lane of ["high", "low", "surge"] as const) expect(pq.depth(lane), lane).toBe(0);
  });
});

describe("surge routing", () => {
  it("sends new high work to the surge lane while the high lane's backlog is over the threshold, and back after", async () => {
    const time = clock();
    const pq = priorityQueue(time, { surgeWhenBacklogOver: 5 });
    const send = pq.publisher(0);
    const lanes: string[] = [];
    for (let i = 0; i < 8; i++) lanes.push((await send.send({ key: `k${i}` }, { key: `k${i}` })).lane);
    expect(lanes).toEqual(["high", "high", "high", "high", "high", "high", "surge", "surge"]);
    expect((await send.send({ key: "low" }, { key: "low", priority: "low" })).lane).toBe("low");
    await pq.drainAll();
    expect((await send.send({ key: "after" }, { key: "after" })).lane).toBe("high");
  });

  it("reads the backlog once per cache window, however many messages it sends", async () => {
    const time = clock();
    const pq = priorityQueue(time, { surgeWhenBacklogOver: 1000 });
    const counted = local.aws.sqsClient();
    const send = createPriorityPublisher(pq.pattern, {
      sqs: counted.client,
      now: time.now,
      backlogCacheMs: 10_000,
      env: { [priorityQueueVariable(pq.pattern)]: JSON.stringify({ pattern: pq.pattern, lanes: pq.lanes, surgeWhenBacklogOver: 1000 }) },
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => send.send({ i }, { key: `c${i}` })));
    expect(counted.calls("GetQueueAttributesCommand")).toBe(1);
    time.advance(10);
    await send.send({}, { key: "later" });
    expect(counted.calls("GetQueueAttributesCommand")).toBe(2);
  });
});

describe("the publisher reads what the synthesizer writes", () => {
  it("sends to the lanes the example's producer is given, by name", async () => {
    const { spec } = loadSpec("services/orders/service.yaml");
    const model = resolveService(spec, "prod", { specDir: "services/orders" });
    const shipping = model.functions.find((f) => f.name === "orders-prod-order-events-shipping")!;
    const variable = priorityQueueVariable("notifications");
    const env = { [variable]: shipping.environment[variable] as string };
    const sentTo: string[] = [];
    const sqs = {
      send: async (command: any) => {
        if (command.constructor.name === "GetQueueUrlCommand") return { QueueUrl: `http://127.0.0.1/000000000000/${command.input.QueueName}` };
        if (command.constructor.name === "GetQueueAttributesCommand") return { Attributes: { ApproximateNumberOfMessages: "5000" } };
        sentTo.push(String(command.input.QueueUrl).split("/").pop()!);
        return { MessageId: "m" };
      },
    } as never;
    const publisher = createPriorityPublisher("notifications", { env, sqs });
    await publisher.send({}, { key: "a", priority: "low" });
    await publisher.send({}, { key: "b" });
    // The backlog of 5000 is over the example's whenBacklogOver (1000): high work goes to surge.
    expect(sentTo).toEqual(["orders-prod-notifications-low", "orders-prod-notifications-surge"]);
    const lanes = model.queues.filter((q) => q.priorityLane?.pattern === "notifications").map((q) => q.name).sort();
    expect(lanes).toEqual(["orders-prod-notifications-high", "orders-prod-notifications-low", "orders-prod-notifications-surge"]);
  });
});

describe("the priority publisher refuses what it cannot send right", () => {
  it("without the pattern in sendsTo, with an over-long key or an unknown priority, or with its own attribute names", async () => {
    const send = createPriorityPublisher("jobs", { env: {} });
    await expect(send.send({}, { key: "a" })).rejects.toThrow(/BULKHEAD_PRIORITY_QUEUE_JOBS is not set, so there is no priority queue to send "jobs" work to; add "jobs" to the function's sendsTo/);
    const configured = createPriorityPublisher("jobs", { env: { BULKHEAD_PRIORITY_QUEUE_JOBS: JSON.stringify({ pattern: "jobs", lanes: { high: "h", low: "l" } }) } });
    await expect(configured.send({}, { key: "x".repeat(257) })).rejects.toThrow(/key is 257 bytes long; a priority queue key may have at most 256/);
    await expect(configured.send({}, { key: "a", priority: "urgent" as never })).rejects.toThrow(/priority must be "high" or "low", got "urgent"/);
    await expect(configured.send({}, { key: "a", attributes: { "bulkhead-enqueued-at": "1" } })).rejects.toThrow(/set by the priority publisher/);
    const seven = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`a${i}`, "v"]));
    await expect(configured.send({}, { key: "a", attributes: seven })).rejects.toThrow(/7 message attributes given; a priority queue message takes at most 6 of yours/);
  });
});

describe("deferral when SQS says no", () => {
  /** A client that answers GetQueueUrl and hands each SendMessageBatch to `batch`. */
  function stubSqs(batch: (entries: any[]) => Promise<{ Failed?: { Id: string; Code: string; Message?: string }[] }>) {
    const sent: any[][] = [];
    const client = {
      send: async (command: any) => {
        const name = command.constructor.name;
        if (name === "GetQueueUrlCommand") return { QueueUrl: `http://127.0.0.1/000000000000/${command.input.QueueName}` };
        if (name === "SendMessageBatchCommand") {
          sent.push(command.input.Entries);
          return batch(command.input.Entries);
        }
        throw new Error(`unexpected ${name}`);
      },
    };
    return { client: client as never, sent };
  }

  function staleRecord(id: string, body = "{}") {
    const at = String(Date.now() - (DEFER_S + 5) * 1000);
    return {
      messageId: id,
      receiptHandle: id,
      body,
      attributes: { ApproximateReceiveCount: "1", SentTimestamp: at, SenderId: "x", ApproximateFirstReceiveTimestamp: at },
      messageAttributes: { "bulkhead-enqueued-at": { dataType: "String", stringValue: at, stringListValues: [], binaryListValues: [] } },
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:high",
      awsRegion: "us-east-1",
    };
  }

  function highLane(sqs: never) {
    const consumer = consumerUnderTest(local, async () => undefined, {
      functionName: uniqueName("shop-dev-jobs-high"),
      env: laneEnvironment({ lane: "high", expireAfterSeconds: EXPIRE_S, deferAfterSeconds: DEFER_S, deferTo: "jobs-low" }),
      options: { sqs },
    });
    return (records: any[]) => consumer.invoke({ Records: records });
  }

  it("reports for retry exactly the records SQS refused, logs why, and acknowledges the rest", async () => {
    const { client } = stubSqs(async (entries) => ({ Failed: [{ Id: entries[1].Id, Code: "InternalError", Message: "try again" }] }));
    const response = await highLane(client)([staleRecord("a"), staleRecord("b"), staleRecord("c")]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "b" }]);
    const log = local.output.logs().find((l) => l.message === "could not defer to the low lane; reported for retry");
    expect(log).toMatchObject({ failed: 1, sqsMessageIds: ["b"], errors: ["InternalError: try again"] });
  });

  it("reports the whole batch for retry when the send fails outright, and nothing else breaks", async () => {
    const { client } = stubSqs(async () => {
      throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    });
    const response = await highLane(client)([staleRecord("a"), staleRecord("b")]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["a", "b"]);
    expect(local.output.logs().find((l) => l.message === "could not defer to the low lane; reported for retry")?.errors).toEqual(["ThrottlingException: Rate exceeded"]);
  });

  it("splits deferrals so no SendMessageBatch is over SQS's 256 KiB, and gives a message without one a bulkhead-message-id", async () => {
    const { client, sent } = stubSqs(async () => ({}));
    const big = JSON.stringify({ pad: "x".repeat(60_000) });
    const records = Array.from({ length: 10 }, (_, i) => staleRecord(`m${i}`, big));
    expect((await highLane(client)(records)).batchItemFailures).toEqual([]);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const entries of sent) expect(entries.reduce((n: number, e: any) => n + e.MessageBody.length, 0)).toBeLessThanOrEqual(262_144);
    expect(sent.flat().map((e: any) => e.MessageAttributes["bulkhead-message-id"].StringValue).sort()).toEqual(records.map((r) => r.messageId).sort());
  });
});
