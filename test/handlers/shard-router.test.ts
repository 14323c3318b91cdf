import { randomUUID } from "node:crypto";
import type { Message } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BULKHEAD_MESSAGE_ID_ATTRIBUTE, createShardRouter, type RoutingTable, ShardBatchSendError, UnknownTenantError } from "../../handlers/index.js";
import { startLocalAws, type LocalAws } from "./support/fauxqs.js";

const QUEUES = Array.from({ length: 8 }, (_, shard) => `orders-test-ingest-${shard}`);
/** Sets of 2, 3 and 4 shards; globex and initech share shard 3, as shuffle-sharded tenants may. */
const TABLE: RoutingTable = {
  version: 1,
  pattern: "ingest",
  queues: QUEUES,
  tenants: { acme: [0, 5], globex: [2, 3, 7], initech: [1, 3, 4, 6] },
};
const TENANTS = Object.keys(TABLE.tenants);

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
  for (const name of QUEUES) aws.server.createQueue(name);
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  aws.server.reset();
});

/** A router on a fresh client (so no queue URL is cached yet) and that client's command counts. */
function routerOnNewClient(table: RoutingTable = TABLE) {
  const sqs = aws.sqsClient();
  return { router: createShardRouter(table, { sqs: sqs.client }), sqs };
}

/** Every message in every shard queue, received as a consumer would, with the shard it was in. */
async function receiveAll(queues: readonly string[] = QUEUES) {
  const received: { shard: number; message: Message }[] = [];
  for (const [shard, name] of queues.entries()) {
    for (const message of await aws.drain(name)) received.push({ shard, message });
  }
  return received;
}

const attribute = (message: Message, name: string) => message.MessageAttributes?.[name]?.StringValue;

/** Keys of one tenant that the router sends to one given shard. */
function keysOnShard(tenant: string, shard: number, count: number): string[] {
  const { router } = routerOnNewClient();
  const keys: string[] = [];
  // Bounded: a router that never picks this shard must fail the test, not hang it.
  for (let i = 0; keys.length < count && i < 1000; i += 1) {
    if (router.shardFor(tenant, `key-${i}`) === shard) keys.push(`key-${i}`);
  }
  expect(keys, `keys of ${tenant} on shard ${shard}`).toHaveLength(count);
  return keys;
}

describe("send", () => {
  it("delivers every message once, only to a shard queue of its own tenant, where the result says", async () => {
    const { router } = routerOnNewClient();
    const results = new Map<string, { tenant: string; shard: number; queueName: string }>();
    for (let i = 0; i < 200; i += 1) {
      const tenant = TENANTS[i % TENANTS.length]!;
      const key = `order-${i}`;
      const result = await router.send(tenant, { tenant, key, amount: i }, { key });
      results.set(key, { tenant, shard: result.shard, queueName: result.queueName });
    }

    const received = await receiveAll();
    expect(received).toHaveLength(200);
    const shardsUsed = new Map(TENANTS.map((tenant) => [tenant, new Set<number>()]));
    for (const { shard, message } of received) {
      const body = JSON.parse(message.Body!) as { tenant: string; key: string };
      expect(attribute(message, "tenant")).toBe(body.tenant);
      expect(TABLE.tenants[body.tenant]).toContain(shard);
      expect(results.get(body.key)).toEqual({ tenant: body.tenant, shard, queueName: QUEUES[shard] });
      shardsUsed.get(body.tenant)!.add(shard);
    }
    expect(new Set(received.map(({ message }) => JSON.parse(message.Body!).key)).size).toBe(200);
    // About 67 keys per tenant: each of its shards got some (the spread test below bounds how many).
    for (const tenant of TENANTS) expect([...shardsUsed.get(tenant)!].sort((a, b) => a - b)).toEqual(TABLE.tenants[tenant]);
  });

  it("sends every publish of a key to the same shard, under the same bulkhead-message-id", async () => {
    const { router } = routerOnNewClient();
    const sends = await Promise.all([1, 2, 3].map((attempt) => router.send("globex", { attempt }, { key: "order-42" })));

    const shard = router.shardFor("globex", "order-42");
    expect(sends.map((result) => result.shard)).toEqual([shard, shard, shard]);
    expect(new Set(sends.map((result) => result.bulkheadMessageId)).size).toBe(1);
    expect(new Set(sends.map((result) => result.messageId)).size).toBe(3);

    const received = await receiveAll();
    expect(received.map((r) => r.shard)).toEqual([shard, shard, shard]);
    expect(received.map((r) => attribute(r.message, BULKHEAD_MESSAGE_ID_ATTRIBUTE))).toEqual(
      sends.map((result) => result.bulkheadMessageId),
    );
    expect(received.map((r) => r.message.MessageId).sort()).toEqual(sends.map((result) => result.messageId).sort());
  });

  it("sets the tenant and bulkhead-message-id attributes next to the caller's own", async () => {
    const { router } = routerOnNewClient();
    const result = await router.send("acme", { orderId: "o-1" }, { key: "o-1", attributes: { source: "checkout" } });

    const received = await receiveAll();
    expect(received).toHaveLength(1);
    const { message } = received[0]!;
    expect(JSON.parse(message.Body!)).toEqual({ orderId: "o-1" });
    expect(message.MessageAttributes).toEqual({
      tenant: { DataType: "String", StringValue: "acme" },
      "bulkhead-message-id": { DataType: "String", StringValue: result.bulkheadMessageId },
      source: { DataType: "String", StringValue: "checkout" },
    });
  });

  it("rejects an unknown tenant without sending anything or calling SQS", async () => {
    const { router, sqs } = routerOnNewClient();
    // "constructor" is on every object's prototype: it must not pass for a tenant.
    for (const tenant of ["umbrella", "constructor"]) {
      const sending = router.send(tenant, { orderId: "o-1" }, { key: "o-1" });
      await expect(sending).rejects.toThrow(UnknownTenantError);
      await expect(sending).rejects.toThrow(`tenant "${tenant}" is not in the routing table of pattern "ingest"`);
      expect(() => router.shardFor(tenant, "o-1")).toThrow(UnknownTenantError);
    }
    expect(sqs.commands).toEqual([]);
    expect(await receiveAll()).toEqual([]);
  });

  it("rejects what it cannot route or encode, and attributes it owns, before calling SQS", async () => {
    const { router, sqs } = routerOnNewClient();
    await expect(router.send("acme", {}, { key: "" })).rejects.toThrow("a non-empty string key is required");
    await expect(router.send("acme", undefined, { key: "k" })).rejects.toThrow("payload has no JSON form");
    await expect(router.send("acme", {}, { key: "k", attributes: { tenant: "globex" } })).rejects.toThrow(
      'message attribute "tenant" is set by the shard router',
    );
    await expect(
      router.send("acme", {}, { key: "k", attributes: { "bulkhead-message-id": "mine" } }),
    ).rejects.toThrow('message attribute "bulkhead-message-id" is set by the shard router');
    expect(sqs.commands).toEqual([]);
  });

  it("looks each queue URL up once per client, however many sends and routers use it", async () => {
    const { router, sqs } = routerOnNewClient();
    await Promise.all(Array.from({ length: 20 }, (_, i) => router.send("initech", { i }, { key: `k-${i}` })));
    // As in a later invocation that builds its router again on the environment's client.
    const again = createShardRouter(TABLE, { sqs: sqs.client });
    for (let i = 20; i < 40; i += 1) await again.send("initech", { i }, { key: `k-${i}` });

    expect(sqs.calls("SendMessageCommand")).toBe(40);
    expect(sqs.calls("GetQueueUrlCommand")).toBe(TABLE.tenants.initech!.length);
    expect(await receiveAll()).toHaveLength(40);
  });

  it("names a shard queue it cannot find, and looks it up again on the next send", async () => {
    const missing = `orders-test-later-${randomUUID()}`;
    const { router, sqs } = routerOnNewClient({ ...TABLE, queues: [missing], tenants: { acme: [0] } });

    await expect(router.send("acme", {}, { key: "k" })).rejects.toThrow(
      `cannot find the URL of queue "${missing}": QueueDoesNotExist`,
    );
    aws.server.createQueue(missing);
    await router.send("acme", {}, { key: "k" });

    expect(sqs.calls("GetQueueUrlCommand")).toBe(2);
    expect(await aws.drain(missing)).toHaveLength(1);
  });
});

describe("shardFor", () => {
  it("spreads keys evenly over exactly the tenant's shards", () => {
    const { router } = routerOnNewClient();
    const keysPerTenant = 4000;
    for (const [tenant, shards] of Object.entries(TABLE.tenants)) {
      const counts = new Map<number, number>();
      for (let i = 0; i < keysPerTenant; i += 1) {
        const shard = router.shardFor(tenant, randomUUID());
        counts.set(shard, (counts.get(shard) ?? 0) + 1);
      }
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual(shards);
      // Fair share is 1000 to 2000 keys; 15% of it is over 5 standard deviations of a uniform hash
      // for every set size here, so this fails only for a skewed hash, not by bad luck.
      const fairShare = keysPerTenant / shards.length;
      for (const count of counts.values()) {
        expect(count).toBeGreaterThan(fairShare * 0.85);
        expect(count).toBeLessThan(fairShare * 1.15);
      }
    }
  });

  it("does not depend on the order a table lists a tenant's shards in", () => {
    const { router } = routerOnNewClient();
    const reversed = Object.fromEntries(Object.entries(TABLE.tenants).map(([t, shards]) => [t, [...shards].reverse()]));
    const { router: fromReversed } = routerOnNewClient({ ...TABLE, tenants: reversed });
    for (let i = 0; i < 200; i += 1) {
      expect(fromReversed.shardFor("initech", `k-${i}`)).toBe(router.shardFor("initech", `k-${i}`));
    }
  });

  it("keeps the published derivation, which producers in other languages and consumers rely on", async () => {
    const { router } = routerOnNewClient();
    // sha256 of the key, first 4 bytes big-endian, modulo k, indexes the sorted set;
    // the id is sha256 of the JSON array [pattern, tenant, key], hex, first 32 characters.
    expect(router.shardFor("initech", "order-1")).toBe(3);
    const result = await router.send("initech", {}, { key: "order-1" });
    expect(result.bulkheadMessageId).toBe("66b9b686b2b3bc9a0a77ce507fc04553");
    const other = await router.send("globex", {}, { key: "order-1" });
    expect(other.bulkheadMessageId).not.toBe(result.bulkheadMessageId);
  });
});

describe("sendBatch", () => {
  it("sends in chunks of ten per shard queue and answers in entry order", async () => {
    const { router, sqs } = routerOnNewClient();
    const entries = Array.from({ length: 45 }, (_, i) => ({ payload: { i }, key: `order-${i}` }));
    const results = await router.sendBatch("initech", entries);

    expect(results.map((r) => r.shard)).toEqual(entries.map((e) => router.shardFor("initech", e.key)));
    const perShard = new Map<number, number>();
    for (const { shard } of results) perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
    const expectedRequests = [...perShard.values()].reduce((sum, n) => sum + Math.ceil(n / 10), 0);
    expect(sqs.calls("SendMessageBatchCommand")).toBe(expectedRequests);
    expect(sqs.calls("SendMessageCommand")).toBe(0);

    const received = await receiveAll();
    expect(received).toHaveLength(45);
    for (const { shard, message } of received) {
      const { i } = JSON.parse(message.Body!) as { i: number };
      expect(shard).toBe(results[i]!.shard);
      expect(message.MessageId).toBe(results[i]!.messageId);
      expect(attribute(message, "tenant")).toBe("initech");
      expect(attribute(message, BULKHEAD_MESSAGE_ID_ATTRIBUTE)).toBe(results[i]!.bulkheadMessageId);
    }
  });

  it("reports the entries SQS rejected, and what it sent", async () => {
    const { router } = routerOnNewClient();
    // U+FFFF is outside the characters SQS accepts (and JSON.stringify leaves it as it is).
    const entries = ["fine", "\uFFFF", "fine too"].map((text, i) => ({ payload: { text }, key: `order-${i}` }));

    const error = await router.sendBatch("acme", entries).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShardBatchSendError);
    expect((error as Error).message).toMatch(/^1 of 3 messages not sent; first: entry 1 to orders-test-ingest-\d: InvalidMessageContents: Invalid characters/);
    const { sent, failed } = error as ShardBatchSendError;
    expect(failed).toEqual([
      expect.objectContaining({ index: 1, code: "InvalidMessageContents", senderFault: true }),
    ]);
    expect(failed[0]!.shard).toBe(router.shardFor("acme", "order-1"));
    expect(sent.map((r) => r.shard)).toEqual([router.shardFor("acme", "order-0"), router.shardFor("acme", "order-2")]);
    const received = await receiveAll();
    expect(received.map(({ message }) => JSON.parse(message.Body!).text).sort()).toEqual(["fine", "fine too"]);
  });

  it("fails only the entries of a request SQS refused as a whole", async () => {
    const { router } = routerOnNewClient();
    // Two 600 KB messages make one request over SQS's 1 MiB per batch; the third is on the other shard.
    const [big1, big2] = keysOnShard("acme", 0, 2) as [string, string];
    const [small] = keysOnShard("acme", 5, 1) as [string];
    const large = "x".repeat(600_000);
    const error = await router
      .sendBatch("acme", [
        { payload: large, key: big1 },
        { payload: "small", key: small },
        { payload: large, key: big2 },
      ])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShardBatchSendError);
    const { sent, failed } = error as ShardBatchSendError;
    expect(failed.map((f) => [f.index, f.code, f.senderFault])).toEqual([
      [0, "BatchRequestTooLong", true],
      [2, "BatchRequestTooLong", true],
    ]);
    expect(sent.map((r) => r.shard)).toEqual([5]);
    expect((await receiveAll()).map((r) => [r.shard, r.message.Body])).toEqual([[5, '"small"']]);
  });

  it("sends nothing when any entry cannot be routed", async () => {
    const { router, sqs } = routerOnNewClient();
    await expect(
      router.sendBatch("globex", [
        { payload: 1, key: "a" },
        { payload: 2, key: "" },
      ]),
    ).rejects.toThrow("a non-empty string key is required");
    await expect(router.sendBatch("umbrella", [{ payload: 1, key: "a" }])).rejects.toThrow(UnknownTenantError);
    expect(await router.sendBatch("globex", [])).toEqual([]);
    expect(sqs.commands).toEqual([]);
  });
});
