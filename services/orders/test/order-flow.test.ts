import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalService, type FunctionReport, type LocalService } from "../../../local/index.js";

// The orders service as synthesized for dev, run on this machine by bulkhead's local runtime
// (what `bulkhead dev` runs): a merchant's order import goes in through the shuffle-sharded
// ingest queue, as the merchant's own systems would send it, and we follow it through.
let service: LocalService;
let ledger: DynamoDBDocumentClient;

beforeAll(async () => {
  service = await startLocalService("services/orders/service.yaml", { env: "dev" });
  ledger = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: service.endpoints.dynamodb, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } }));
});
afterAll(async () => {
  ledger?.destroy();
  await service?.stop();
});

const orderImport = (merchantId: string, externalOrderId: string, shipTo?: { country: string; postcode: string }) => ({
  merchantId,
  externalOrderId,
  customerId: "customer-42",
  amountCents: 4_990,
  currency: "EUR",
  ...(shipTo ? { shippingAddress: shipTo } : {}),
});
const BERLIN = { country: "DE", postcode: "10115" };

/** Imports the orders as the merchant's systems do (key: the merchant's own order id), and waits until everything downstream is done. */
async function importOrders(...orders: ReturnType<typeof orderImport>[]): Promise<Record<string, FunctionReport>> {
  const before = service.report().functions;
  for (const order of orders) await service.send("ingest", order, { tenant: order.merchantId, key: `${order.merchantId}:${order.externalOrderId}` });
  await service.waitForIdle();
  const after = service.report().functions;
  return Object.fromEntries(
    Object.entries(after).map(([fn, now]) => [fn, Object.fromEntries(Object.entries(now).map(([k, n]) => [k, n - before[fn]![k as keyof FunctionReport]])) as unknown as FunctionReport]),
  );
}

/** The charges the merchant-reports silos recorded for an order, as [merchant partition, order id]. */
async function chargesOf(orderId: string): Promise<[string, string][]> {
  const { Items = [] } = await ledger.send(new ScanCommand({ TableName: "orders-dev-merchant-reports-data" }));
  return Items.filter((item) => item.sk === orderId).map((item) => [String(item.pk).split("#")[0]!, String(item.sk)]);
}

describe("an order import, end to end", () => {
  it("is imported, charged once into the merchant's own ledger, shipped, audited, and the customer notified in both lanes", async () => {
    const done = await importOrders(orderImport("acme", "A-1001", BERLIN));

    expect(done["orders-dev-ingest"]).toMatchObject({ processed: 1, failed: 0 });
    // order-events fans the OrderPlaced out to all three subscribers.
    expect(done["orders-dev-order-events-billing"]).toMatchObject({ processed: 1, failed: 0 });
    expect(done["orders-dev-order-events-shipping"]).toMatchObject({ processed: 1, failed: 0 });
    expect(done["orders-dev-order-events-audit"]).toMatchObject({ processed: 1, failed: 0 });
    // Billing sent the charge to acme's silo, and to no other merchant's.
    expect(done["orders-dev-merchant-reports-acme"]).toMatchObject({ processed: 1, tenantRejected: 0 });
    expect(done["orders-dev-merchant-reports-globex"]?.invocations).toBe(0);
    expect(await chargesOf("acme:A-1001")).toEqual([["acme", "acme:A-1001"]]);
    // "Your parcel is on its way" goes high, the review request low.
    expect(done["orders-dev-notifications-high"]).toMatchObject({ processed: 1 });
    expect(done["orders-dev-notifications-low"]).toMatchObject({ processed: 1 });
    expect(Object.values(service.report().deadLetterQueues).every((n) => n === 0)).toBe(true);
  });

  it("is imported once when the merchant sends it again, so the customer is charged once", async () => {
    const order = orderImport("globex", "G-77", BERLIN);
    const first = await importOrders(order);
    const again = await importOrders(order);

    expect(first["orders-dev-ingest"]).toMatchObject({ processed: 1, duplicate: 0 });
    expect(again["orders-dev-ingest"]).toMatchObject({ processed: 0, duplicate: 1 });
    // The second import stopped at ingest: nothing downstream ran again.
    expect(again["orders-dev-order-events-billing"]?.invocations).toBe(0);
    expect(again["orders-dev-merchant-reports-globex"]?.invocations).toBe(0);
    expect(await chargesOf("globex:G-77")).toEqual([["globex", "globex:G-77"]]);
  });

  it("of a digital order (nothing to ship) is charged, but sends the customer nothing", async () => {
    const done = await importOrders(orderImport("initech", "D-5"));

    expect(done["orders-dev-order-events-billing"]).toMatchObject({ processed: 1 });
    expect(done["orders-dev-order-events-shipping"]).toMatchObject({ processed: 1 });
    expect(done["orders-dev-notifications-high"]?.invocations).toBe(0);
    expect(done["orders-dev-notifications-low"]?.invocations).toBe(0);
    expect(await chargesOf("initech:D-5")).toEqual([["initech", "initech:D-5"]]);
  });
});
