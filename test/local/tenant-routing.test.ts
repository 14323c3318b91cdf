import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ordersDev } from "./support/orders-dev.js";
import { reportDelta } from "./support/recorder.js";

// Read here, not from the model, so that the test checks the routing against the lock itself.
const lock = JSON.parse(readFileSync("services/orders/service.shards.lock.json", "utf8")) as { patterns: { ingest: { assignments: Record<string, number[]> } } };
const shardQueues = (tenant: string) => lock.patterns.ingest.assignments[tenant]!.map((i) => `orders-dev-ingest-${i}`);

const { service, recorder } = ordersDev();

const order = (merchantId: string, externalOrderId: string) => ({ merchantId, externalOrderId, customerId: "c-7", amountCents: 990, currency: "EUR" });

describe("sending to the example's shuffle-sharded ingest on the local runtime", () => {
  it("lands each tenant's orders in that tenant's own shard queues, and the flow runs on to the tenant's silo", async () => {
    const before = service.report();
    const sends = [
      ...["a-1", "a-2", "a-3", "a-4", "a-5"].map((id) => ["acme", id] as const),
      ...["g-1", "g-2", "g-3"].map((id) => ["globex", id] as const),
    ];
    for (const [tenant, id] of sends) await service.send("ingest", order(tenant, id), { tenant, key: `${tenant}:${id}` });
    await service.waitForIdle();

    const batchesPerQueue = new Map<string, number>();
    for (const i of recorder.invocations("orders-dev-ingest")) batchesPerQueue.set(i.queue, (batchesPerQueue.get(i.queue) ?? 0) + i.batchSize);
    const received = (queues: string[]) => queues.reduce((n, q) => n + (batchesPerQueue.get(q) ?? 0), 0);
    // acme's and globex's shard sets are disjoint in the lock: every record is on its tenant's own shards.
    expect(received(shardQueues("acme"))).toBe(5);
    expect(received(shardQueues("globex"))).toBe(3);
    expect([...batchesPerQueue.values()].reduce((a, b) => a + b, 0)).toBe(8);

    const delta = reportDelta(before, service.report());
    expect(delta["orders-dev-ingest"]).toMatchObject({ processed: 8, tenantRejected: 0, failed: 0 });
    expect(delta["orders-dev-merchant-reports-acme"]).toMatchObject({ processed: 5, tenantRejected: 0 });
    expect(delta["orders-dev-merchant-reports-globex"]).toMatchObject({ processed: 3, tenantRejected: 0 });
  });

  it("routes a retried send of one key to the same shard, where it is a duplicate", async () => {
    const before = service.report();
    await service.send("ingest", order("acme", "r-1"), { tenant: "acme", key: "acme:r-1" });
    await service.waitForIdle();
    const firstQueue = recorder.invocations("orders-dev-ingest").at(-1)!.queue;
    await service.send("ingest", order("acme", "r-1"), { tenant: "acme", key: "acme:r-1" });
    await service.waitForIdle();

    expect(recorder.invocations("orders-dev-ingest").at(-1)!.queue).toBe(firstQueue);
    expect(reportDelta(before, service.report())["orders-dev-ingest"]).toMatchObject({ processed: 1, duplicate: 1 });
  });

  it("refuses what a producer could not send: no tenant, an unknown tenant, an unknown pattern, a priority off a priority queue", async () => {
    await expect(service.send("ingest", order("acme", "x"))).rejects.toThrow('pattern "ingest" is tenant-aware: a send needs a tenant (one of acme, ');
    await expect(service.send("ingest", order("nobody", "x"), { tenant: "nobody" })).rejects.toThrow(/nobody/);
    await expect(service.send("merchant-reports", { orderId: "x" })).rejects.toThrow('pattern "merchant-reports" is tenant-aware');
    await expect(service.send("order-event", {})).rejects.toThrow('service orders has no pattern "order-event"; it has ingest, order-events, notifications, merchant-reports');
    await expect(service.send("order-events", {}, { priority: "low" })).rejects.toThrow('pattern "order-events" is a fan-out; priority applies to priority queues only');
  });
});
