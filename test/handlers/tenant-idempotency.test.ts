import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { RoutingTable, SqsConsumerOptions } from "../../handlers/index.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { failedIds, rawRecord } from "./support/events.js";
import { useLocalServices } from "./support/local-services.js";
import { lastEmfCounts } from "./support/output.js";

// Idempotency keys on tenant-aware queues: a tenant must not be able to take another tenant's key.
const local = useLocalServices({ fauxqs: false });

const pattern = "ingest";
const queues = ["orders-dev-ingest-0", "orders-dev-ingest-1", "orders-dev-ingest-2"];
// globex and initech share shard 1.
const table: RoutingTable = { version: 1, pattern, queues, tenants: { acme: [0], globex: [1, 2], initech: [1] } };

/**
 * A consumer configured by `env` as the synthesizer does, recording what it runs. Nothing here is
 * rejected, so it never needs SQS.
 */
function consumer(env: Record<string, string>, functionName = uniqueName("orders-dev-ingest"), options: SqsConsumerOptions = {}) {
  const ran: { tenant?: string; payload: unknown }[] = [];
  const under = consumerUnderTest(
    local,
    async (payload, { tenant }) => {
      ran.push({ tenant, payload });
    },
    { functionName, env, options },
  );
  return {
    functionName,
    ran,
    invoke: under.invokeWith,
    storedIds: async () => (await under.storedItems()).map((item) => String(item.id)),
  };
}

/** A shard consumer of `ingest`, given the routing table a bundle would carry. */
const shardConsumer = (env: Record<string, string> = {}) => consumer({ BULKHEAD_TENANCY_PATTERN: pattern, ...env }, undefined, { tenancyTable: table });
const onShard1 = (tenant: string, payload: unknown, o: { bulkheadMessageId?: string } = {}) => rawRecord(payload, { queue: queues[1], tenant, ...o });
const lastCounts = () => lastEmfCounts(local.output, "processed", "duplicate", "failed");

describe("a shard consumer's idempotency keys", () => {
  it("keep two tenants' messages with the same bulkhead-message-id apart, and one tenant's second copy a duplicate", async () => {
    const shard = shardConsumer();
    // initech sends with the id globex's next order will get (the algorithm is public), before globex does.
    const planted = onShard1("initech", { orderId: "o-1", amount: 0 }, { bulkheadMessageId: "b-1" });
    const genuine = onShard1("globex", { orderId: "o-1", amount: 10 }, { bulkheadMessageId: "b-1" });

    expect(failedIds(await shard.invoke(planted, genuine))).toEqual([]);
    expect(lastCounts()).toEqual({ processed: 2, duplicate: 0, failed: 0 });
    // A retried publish of globex's order: the same tenant and id.
    expect(failedIds(await shard.invoke(onShard1("globex", { orderId: "o-1", amount: 10 }, { bulkheadMessageId: "b-1" })))).toEqual([]);

    expect(shard.ran).toEqual([
      { tenant: "initech", payload: { orderId: "o-1", amount: 0 } },
      { tenant: "globex", payload: { orderId: "o-1", amount: 10 } },
    ]);
    expect(lastCounts()).toEqual({ processed: 0, duplicate: 1, failed: 0 });
  });

  it("keep two tenants' messages with the same key expression value apart", async () => {
    const shard = shardConsumer({ BULKHEAD_IDEMPOTENCY_KEY: "orderId" });

    await shard.invoke(onShard1("initech", { orderId: "o-7", amount: 1 }), onShard1("globex", { orderId: "o-7", amount: 70 }), onShard1("globex", { orderId: "o-7", amount: 70 }));

    expect(shard.ran.map((r) => r.tenant)).toEqual(["initech", "globex"]);
    expect(lastCounts()).toEqual({ processed: 2, duplicate: 1, failed: 0 });
  });

  it("stay `<scope>#<hash>`, the hash being of [tenant, key], so the role's `<scope>#*` still covers them", async () => {
    const byId = shardConsumer();
    const byOrder = shardConsumer({ BULKHEAD_IDEMPOTENCY_KEY: "orderId" });

    await byId.invoke(onShard1("globex", { orderId: "o-7" }, { bulkheadMessageId: "b-1" }));
    await byOrder.invoke(onShard1("globex", { orderId: "o-7" }));

    // md5, base64, of '["globex","b-1"]' and '["globex","o-7"]'.
    expect(await byId.storedIds()).toEqual([`${byId.functionName}#zA9lCL7evOajwe8ZvyffYw==`]);
    expect(await byOrder.storedIds()).toEqual([`${byOrder.functionName}#IuDNKs/h7LGKtv6buSTTgQ==`]);
  });

  it("fail a record whose key expression finds nothing, as without a tenant, rather than key it on the tenant alone", async () => {
    const single = shardConsumer({ BULKHEAD_IDEMPOTENCY_KEY: "orderId" });
    const multi = shardConsumer({ BULKHEAD_IDEMPOTENCY_KEY: "[orderId, lineId]" });
    const keyless = [onShard1("globex", { amount: 1 }), onShard1("globex", { amount: 2 })];

    await expect(single.invoke(...keyless)).rejects.toThrow("All records failed");
    expect(failedIds(await multi.invoke(keyless[0]!, onShard1("globex", { orderId: "o-1", lineId: 2 })))).toEqual([keyless[0]!.messageId]);

    expect(single.ran).toEqual([]);
    expect(multi.ran.map((r) => r.payload)).toEqual([{ orderId: "o-1", lineId: 2 }]);
    const failure = local.output.logs().find((line) => line.message === "record failed; reported for retry");
    expect(failure?.error?.name).toBe("IdempotencyKeyError");
  });
});

describe("a silo's idempotency keys", () => {
  it("include its tenant too", async () => {
    const silo = consumer({ BULKHEAD_TENANT: "globex" });

    await silo.invoke(rawRecord({ orderId: "o-7" }, { tenant: "globex", bulkheadMessageId: "b-1" }));

    expect(await silo.storedIds()).toEqual([`${silo.functionName}#zA9lCL7evOajwe8ZvyffYw==`]);
  });
});

describe("a consumer of a queue that is not tenant-aware", () => {
  it("keeps its keys as they were: the hash of the key alone, so an item stored before still makes the message a duplicate", async () => {
    const functionName = uniqueName("orders-dev-billing");
    const order = { orderId: "o-7", amount: 10 };
    // What the runtime stored for this message before tenants were hashed in: md5, base64, of '"b-1"'.
    await DynamoDBDocumentClient.from(local.db.client).send(
      new PutCommand({
        TableName: local.idempotencyTable,
        Item: {
          id: `${functionName}#S1ImXHVQ9h+xI7oNxWPWsA==`,
          status: "COMPLETED",
          expiration: Math.floor(Date.now() / 1000) + 3600,
          data: { charged: 10 },
          // md5, base64, of the payload's JSON (keys sorted): the payload check's hash.
          validation: "EbRsH3uc/BttCjJyB2FNCA==",
        },
      }),
    );
    const billing = consumer({}, functionName);
    const byOrder = consumer({ BULKHEAD_IDEMPOTENCY_KEY: "orderId" });

    // It carries a tenant attribute, but the queue is not tenant-aware: the key is the id alone.
    expect(failedIds(await billing.invoke(rawRecord(order, { tenant: "globex", bulkheadMessageId: "b-1" })))).toEqual([]);
    await byOrder.invoke(rawRecord(order, { tenant: "globex" }));

    expect(billing.ran).toEqual([]);
    expect(lastCounts()).toMatchObject({ processed: 1 });
    expect(await billing.storedIds()).toEqual([`${functionName}#S1ImXHVQ9h+xI7oNxWPWsA==`]);
    // md5, base64, of '"o-7"'.
    expect(await byOrder.storedIds()).toEqual([`${byOrder.functionName}#VDT39DP9GvvNk9sd0NAQ5Q==`]);
  });
});
