import { randomUUID } from "node:crypto";
import type { Message } from "@aws-sdk/client-sqs";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { ConsumerConfigError, REJECTED_ATTRIBUTE, type RoutingTable, type SqsConsumerOptions } from "../../handlers/index.js";
import { payloadOfBytes } from "./support/claim-check.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { failedIds, rawRecord, sqsEvent } from "./support/events.js";
import { useLocalServices } from "./support/local-services.js";
import { lastEmfCounts } from "./support/output.js";

const local = useLocalServices();

/** A queue and its DLQ on fauxqs, redriving as the synthesizer sets it up (or with no redrive policy at all). */
function queueWithDlq(name: string, o: { redriveTo?: string | null; fifo?: boolean; attributes?: Record<string, string> } = {}) {
  const suffix = o.fifo ? ".fifo" : "";
  const shared: Record<string, string> = { ...(o.fifo ? { FifoQueue: "true" } : {}), ...o.attributes };
  const dlq = local.aws.server.createQueue(`${name}-dlq${suffix}`, { attributes: shared });
  const target = o.redriveTo === undefined ? dlq.queueArn : o.redriveTo;
  const redrive: Record<string, string> = target === null ? {} : { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount: 3 }) };
  const queue = local.aws.server.createQueue(`${name}${suffix}`, { attributes: { ...shared, ...redrive } });
  return { name: queue.queueName, dlq: dlq.queueName };
}

/** A consumer configured as the synthesizer does for tenant-aware queues (raw messages), recording what it runs. */
function consumer(env: Record<string, string>, options: SqsConsumerOptions & { failing?: boolean } = {}) {
  const { failing = false, ...overrides } = options;
  const ran: { payload: unknown; tenant?: string }[] = [];
  const sqs = local.aws.sqsClient();
  const under = consumerUnderTest(
    local,
    async (payload, scope) => {
      ran.push({ payload, tenant: scope.tenant });
      if (failing) throw new Error("report service unavailable");
    },
    { functionName: uniqueName("orders-reports"), env, options: { sqs: sqs.client, ...overrides } },
  );
  return { ran, sqs, invoke: (event: SQSEvent) => under.invoke(event) };
}

const attributesOf = (message: Message) => Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, a]) => [name, a.StringValue]));
const attributesOfRecord = (record: SQSRecord) => Object.fromEntries(Object.entries(record.messageAttributes).map(([name, a]) => [name, a.stringValue]));

const lastCounts = () => lastEmfCounts(local.output, "processed", "tenantRejected", "failed");

const errorLogs = (message: string) => local.output.logs().filter((line) => line.level === "ERROR" && line.message === message);
const DEAD_LETTERED = "rejected for its tenant: sent to the dead-letter queue unrun";
const DEAD_LETTERED_WITHOUT_REASON = `rejected for its tenant: sent to the dead-letter queue unrun, without the ${REJECTED_ATTRIBUTE} attribute (the reason is in this log line only)`;
const NOT_DEAD_LETTERED = "rejected for its tenant, but could not be dead-lettered; reported for retry";

describe("a tenant-isolated function (BULKHEAD_TENANT)", () => {
  it("runs its tenant's records, and dead-letters other tenants' and tenantless ones unrun, unchanged but for the reason", async () => {
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`);
    const silo = consumer({ BULKHEAD_TENANT: "acme" });
    const own = rawRecord({ report: "r-1" }, { queue: queue.name, tenant: "acme" });
    const foreign = rawRecord({ report: "r-2" }, { queue: queue.name, tenant: "globex", attributes: { eventType: "ReportRequested" } });
    const tenantless = rawRecord({ report: "r-3" }, { queue: queue.name, bulkheadMessageId: "b-3" });

    const response = await silo.invoke(sqsEvent(foreign, own, tenantless));

    expect(failedIds(response)).toEqual([]);
    expect(silo.ran).toEqual([{ payload: { report: "r-1" }, tenant: "acme" }]);
    const dead = await local.aws.drain(queue.dlq);
    expect(dead.map((m) => ({ body: m.Body, attributes: attributesOf(m) }))).toEqual([
      {
        body: foreign.body,
        attributes: { ...attributesOfRecord(foreign), [REJECTED_ATTRIBUTE]: `tenant-mismatch: tenant "globex" is not served by queue ${queue.name}` },
      },
      {
        body: tenantless.body,
        attributes: { ...attributesOfRecord(tenantless), [REJECTED_ATTRIBUTE]: 'tenant-missing: the message has no "tenant" attribute' },
      },
    ]);
    expect(lastCounts()).toEqual({ processed: 1, tenantRejected: 2, failed: 0 });
    expect(errorLogs(DEAD_LETTERED).map(({ tenant, queue, sqsMessageId, deadLetterQueue }) => ({ tenant, queue, sqsMessageId, deadLetterQueue }))).toEqual([
      { tenant: "globex", queue: queue.name, sqsMessageId: foreign.messageId, deadLetterQueue: queue.dlq },
      { tenant: undefined, queue: queue.name, sqsMessageId: tenantless.messageId, deadLetterQueue: queue.dlq },
    ]);
  });

  it("reports a rejected record for retry, unrun, when its queue has no redrive policy, and asks again next time", async () => {
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`, { redriveTo: null });
    const silo = consumer({ BULKHEAD_TENANT: "acme" });
    const foreign = rawRecord({ report: "r-2" }, { queue: queue.name, tenant: "globex" });
    const event = sqsEvent(rawRecord({ report: "r-1" }, { queue: queue.name, tenant: "acme" }), foreign);

    expect(failedIds(await silo.invoke(event))).toEqual([foreign.messageId]);

    expect(silo.ran.map((r) => r.payload)).toEqual([{ report: "r-1" }]);
    expect(lastCounts()).toEqual({ processed: 1, tenantRejected: 0, failed: 1 });
    const [logged] = errorLogs(NOT_DEAD_LETTERED);
    expect(logged).toMatchObject({ tenant: "globex", queue: queue.name, sqsMessageId: foreign.messageId });
    expect(logged.errors.join()).toContain(`queue ${queue.name} has no redrive policy`);
    // A missing policy is not remembered: one added later is found without a cold start.
    await silo.invoke(sqsEvent(foreign));
    expect(silo.sqs.calls("GetQueueAttributesCommand")).toBe(2);
  });

  it("reports a rejected record for retry when the dead-letter send fails", async () => {
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`, { redriveTo: "arn:aws:sqs:us-east-1:000000000000:no-such-dlq" });
    const silo = consumer({ BULKHEAD_TENANT: "acme" });
    const foreign = rawRecord({ report: "r-2" }, { queue: queue.name, tenant: "globex" });

    expect(failedIds(await silo.invoke(sqsEvent(foreign)))).toEqual([foreign.messageId]);

    expect(silo.ran).toEqual([]);
    expect(lastCounts()).toEqual({ processed: 0, tenantRejected: 0, failed: 1 });
    expect(errorLogs(NOT_DEAD_LETTERED)[0].errors.join()).toContain('"no-such-dlq"');
  });

  it("reports only the records that ran when all of them fail, not the dead-lettered ones, and does not throw", async () => {
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`);
    const silo = consumer({ BULKHEAD_TENANT: "acme" }, { failing: true });
    const own = rawRecord({ report: "r-1" }, { queue: queue.name, tenant: "acme" });

    expect(failedIds(await silo.invoke(sqsEvent(own, rawRecord({ report: "r-2" }, { queue: queue.name, tenant: "globex" }))))).toEqual([own.messageId]);

    expect(lastCounts()).toEqual({ processed: 0, tenantRejected: 1, failed: 1 });
    expect(await local.aws.drain(queue.dlq)).toHaveLength(1);
  });

  it("dead-letters a message that already has ten attributes with all of them, leaving out the reason", async () => {
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`);
    const silo = consumer({ BULKHEAD_TENANT: "acme" });
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`a${i}`, `v${i}`]));
    const full = rawRecord({ report: "r-1" }, { queue: queue.name, tenant: "globex", attributes: nine });

    expect(failedIds(await silo.invoke(sqsEvent(full)))).toEqual([]);

    const [dead] = await local.aws.drain(queue.dlq);
    expect(attributesOf(dead)).toEqual({ ...nine, tenant: "globex" });
    expect(lastCounts()).toMatchObject({ tenantRejected: 1 });
    expect(errorLogs(DEAD_LETTERED_WITHOUT_REASON)).toMatchObject([
      { sqsMessageId: full.messageId, reason: `tenant-mismatch: tenant "globex" is not served by queue ${queue.name}`, reasonNotAttached: "the message already has SQS's 10 message attributes" },
    ]);
  });

  it("dead-letters a message the reason would push over its queue's size limit without the reason, logging the reason instead", async () => {
    // 1024 bytes, the least SQS allows, stands for the 256 KiB bulkhead gives its queues and DLQs.
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`, { attributes: { MaximumMessageSize: "1024" } });
    const silo = consumer({ BULKHEAD_TENANT: "acme" });
    // 1000 bytes of UTF-8 body (fewer characters) and 18 of the tenant attribute: it fits, with the reason it would not.
    const near = rawRecord(payloadOfBytes(1000), { queue: queue.name, tenant: "globex" });
    const small = rawRecord({ report: "r-2" }, { queue: queue.name, tenant: "globex" });

    expect(failedIds(await silo.invoke(sqsEvent(near, small)))).toEqual([]);

    const dead = await local.aws.drain(queue.dlq);
    const reason = `tenant-mismatch: tenant "globex" is not served by queue ${queue.name}`;
    expect(dead.map((m) => ({ body: m.Body, attributes: attributesOf(m) }))).toEqual([
      { body: near.body, attributes: { tenant: "globex" } },
      { body: small.body, attributes: { tenant: "globex", [REJECTED_ATTRIBUTE]: reason } },
    ]);
    expect(lastCounts()).toEqual({ processed: 0, tenantRejected: 2, failed: 0 });
    const [logged, ...others] = errorLogs(DEAD_LETTERED_WITHOUT_REASON);
    expect(others).toEqual([]);
    expect(logged).toMatchObject({ tenant: "globex", queue: queue.name, sqsMessageId: near.messageId, reason, deadLetterQueue: queue.dlq });
    expect(logged.reasonNotAttached).toMatch(/^with it the message would be 1\d{3} bytes, over the 1024 its queue takes$/);
    expect(errorLogs(DEAD_LETTERED).map((line) => line.sqsMessageId)).toEqual([small.messageId]);
  });

  it("dead-letters ten per SendMessageBatch, finding the DLQ once per execution environment, and acknowledges a batch it rejects whole", async () => {
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`);
    const silo = consumer({ BULKHEAD_TENANT: "acme" });
    const foreign = (n: number) => Array.from({ length: n }, (_, i) => rawRecord({ i }, { queue: queue.name, tenant: "globex" }));

    expect(failedIds(await silo.invoke(sqsEvent(...foreign(12), rawRecord({ own: true }, { queue: queue.name, tenant: "acme" }))))).toEqual([]);
    expect(failedIds(await silo.invoke(sqsEvent(...foreign(10))))).toEqual([]);

    expect(silo.sqs.calls("SendMessageBatchCommand")).toBe(3);
    expect(silo.sqs.calls("GetQueueAttributesCommand")).toBe(1);
    expect(silo.sqs.calls("GetQueueUrlCommand")).toBe(2);
    expect(await local.aws.drain(queue.dlq)).toHaveLength(22);
    expect(lastCounts()).toEqual({ processed: 0, tenantRejected: 10, failed: 0 });
  });

  it("dead-letters a FIFO queue's record into its FIFO DLQ, in the record's message group", async () => {
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`, { fifo: true });
    const silo = consumer({ BULKHEAD_TENANT: "acme", BULKHEAD_QUEUE_KIND: "fifo" });
    const foreign = rawRecord({ report: "r-1" }, { queue: queue.name, tenant: "globex", groupId: "g-1" });

    expect(failedIds(await silo.invoke(sqsEvent(foreign)))).toEqual([]);

    const [dead] = await local.aws.drain(queue.dlq);
    expect(dead.Attributes?.MessageGroupId).toBe("g-1");
    expect(dead.Body).toBe(foreign.body);
  });

  it("on a FIFO queue holds back the rest of a group whose rejected record could not be dead-lettered", async () => {
    const queue = queueWithDlq(`reports-${randomUUID().slice(0, 6)}-acme`, { fifo: true, redriveTo: null });
    const silo = consumer({ BULKHEAD_TENANT: "acme", BULKHEAD_QUEUE_KIND: "fifo" });
    const records = [
      rawRecord({ n: 1 }, { queue: queue.name, tenant: "acme", groupId: "g-1" }),
      rawRecord({ n: 2 }, { queue: queue.name, tenant: "globex", groupId: "g-1" }),
      rawRecord({ n: 3 }, { queue: queue.name, tenant: "acme", groupId: "g-1" }),
      rawRecord({ n: 4 }, { queue: queue.name, tenant: "acme", groupId: "g-2" }),
    ];

    const response = await silo.invoke(sqsEvent(...records));

    expect(silo.ran.map((r) => r.payload)).toEqual([{ n: 1 }, { n: 4 }]);
    expect(failedIds(response).sort()).toEqual([records[1].messageId, records[2].messageId].sort());
    expect(lastCounts()).toEqual({ processed: 2, tenantRejected: 0, failed: 2 });
  });
});

describe("a shuffle-sharded consumer (BULKHEAD_TENANCY_PATTERN)", () => {
  const pattern = `ingest-${randomUUID().slice(0, 6)}`;
  const queues = Array.from({ length: 8 }, (_, shard) => `orders-dev-${pattern}-${shard}`);
  // globex and initech share shard 3; acme is not on it.
  const table: RoutingTable = { version: 1, pattern, queues, tenants: { acme: [0, 5], globex: [2, 3, 7], initech: [1, 3, 4, 6] } };
  beforeAll(() => {
    for (const name of queues) queueWithDlq(name);
  });
  const sharded = (tenancyTable: RoutingTable = table) => consumer({ BULKHEAD_TENANCY_PATTERN: pattern }, { tenancyTable });
  const fromShard = (shard: number, tenant: string) => rawRecord({ tenant, shard }, { queue: queues[shard], tenant });

  it("runs the tenants a shard serves and dead-letters the others, from that shard's queue to its DLQ", async () => {
    const shards = sharded();

    await shards.invoke(sqsEvent(fromShard(3, "globex"), fromShard(3, "acme"), fromShard(3, "initech")));
    await shards.invoke(sqsEvent(fromShard(0, "acme")));

    expect(shards.ran.map((r) => r.payload)).toEqual([
      { tenant: "globex", shard: 3 },
      { tenant: "initech", shard: 3 },
      { tenant: "acme", shard: 0 },
    ]);
    const dead = await local.aws.drain(`${queues[3]}-dlq`);
    expect(dead.map((m) => attributesOf(m)[REJECTED_ATTRIBUTE])).toEqual([`tenant-mismatch: tenant "acme" is not served by queue ${queues[3]}`]);
    expect(await local.aws.drain(`${queues[0]}-dlq`)).toEqual([]);
  });

  it("reports for retry, rather than dead-letter, a tenant its table does not have at all, which runs once the function has the table that adds it", async () => {
    const shards = sharded();
    // umbrella was added to shard 3: its queue policy and the routers' table already say so, this code's table not yet.
    const newcomer = { ...fromShard(3, "umbrella"), attributes: { ...fromShard(3, "umbrella").attributes, ApproximateReceiveCount: "2" } };
    const mismatch = fromShard(3, "acme");

    const response = await shards.invoke(sqsEvent(newcomer, mismatch, fromShard(3, "globex")));

    expect(failedIds(response)).toEqual([newcomer.messageId]);
    expect(shards.ran.map((r) => r.tenant)).toEqual(["globex"]);
    expect((await local.aws.drain(`${queues[3]}-dlq`)).map((m) => attributesOf(m).tenant)).toEqual(["acme"]);
    expect(lastCounts()).toEqual({ processed: 1, tenantRejected: 1, failed: 1 });
    const warnings = local.output.logs().filter((line) => line.level === "WARN");
    expect(warnings).toMatchObject([
      {
        message: "tenant not in this function's routing table: reported for retry, not run and not dead-lettered",
        tenant: "umbrella",
        queue: queues[3],
        sqsMessageId: newcomer.messageId,
        reason: 'tenant "umbrella" is not in the routing table this function was bundled with',
        receiveCount: 2,
      },
    ]);
    expect(warnings[0]!.action).toContain("deploy it with the new routing table");

    // The deployment that carries the new table runs the retried message.
    const deployed = sharded({ ...table, tenants: { ...table.tenants, umbrella: [3, 6] } });
    expect(failedIds(await deployed.invoke(sqsEvent(newcomer)))).toEqual([]);
    expect(deployed.ran.map((r) => r.tenant)).toEqual(["umbrella"]);
  });

  it("reports for retry, rather than dead-letter, the records of a queue its table does not list", async () => {
    const shards = sharded();
    const stray = rawRecord({ n: 1 }, { queue: `orders-dev-${pattern}-9`, tenant: "acme" });

    expect(failedIds(await shards.invoke(sqsEvent(stray)))).toEqual([stray.messageId]);

    expect(shards.ran).toEqual([]);
    expect(shards.sqs.commands).toEqual([]);
    expect(local.output.logs().find((line) => line.level === "ERROR")?.error.message).toContain(`queue orders-dev-${pattern}-9 is not in the routing table of pattern "${pattern}"`);
  });

  it("refuses a routing table of another pattern", async () => {
    const shards = consumer({ BULKHEAD_TENANCY_PATTERN: pattern }, { tenancyTable: { ...table, pattern: "billing" } });

    await expect(shards.invoke(sqsEvent(rawRecord({}, { queue: queues[0], tenant: "acme" })))).rejects.toThrow(ConsumerConfigError);
    expect(lastCounts()).toMatchObject({ processed: 0, failed: 1 });
  });
});

describe("a consumer of a queue that is not tenant-aware", () => {
  it("runs records whatever their tenant, without asking SQS anything", async () => {
    const queue = queueWithDlq(`events-${randomUUID().slice(0, 6)}`);
    const subscriber = consumer({});

    await subscriber.invoke(sqsEvent(rawRecord({ n: 1 }, { queue: queue.name }), rawRecord({ n: 2 }, { queue: queue.name, tenant: "globex" })));

    expect(subscriber.ran).toEqual([{ payload: { n: 1 }, tenant: undefined }, { payload: { n: 2 }, tenant: "globex" }]);
    expect(subscriber.sqs.commands).toEqual([]);
    expect(lastCounts()).toEqual({ processed: 2, tenantRejected: 0, failed: 0 });
  });
});
