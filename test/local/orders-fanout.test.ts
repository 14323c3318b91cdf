import { describe, expect, it } from "vitest";
import { ordersDev } from "./support/orders-dev.js";
import { reportDelta } from "./support/recorder.js";

// The example service as synthesized for dev, run locally: order-events fans out to billing
// (filter: OrderPlaced), shipping (OrderPlaced, OrderCancelled) and audit (everything, enveloped).
const { service, recorder } = ordersDev();

function orderEvent(eventType: string, externalOrderId: string) {
  const orderId = `acme:${externalOrderId}`;
  return {
    body: { eventType, orderId, merchantId: "acme", customerId: "c-1", amountCents: 1250, currency: "EUR", shippingAddress: { country: "DE", postcode: "10115" } },
    options: { key: `${orderId}:${eventType}`, tenant: "acme", attributes: { eventType } },
  };
}

describe("order-events on the local runtime (orders, dev)", () => {
  it("runs a republished event once per subscriber: the second copy is a duplicate everywhere", async () => {
    const before = service.report();
    const placed = orderEvent("OrderPlaced", "dup-1");

    await service.send("order-events", placed.body, placed.options);
    await service.waitForIdle();
    // A retried publish: same key, so the same bulkhead-message-id, and the same payload.
    await service.send("order-events", placed.body, placed.options);
    await service.waitForIdle();

    const delta = reportDelta(before, service.report());
    for (const subscriber of ["billing", "shipping", "audit"]) {
      expect(delta[`orders-dev-order-events-${subscriber}`], subscriber).toMatchObject({ processed: 1, duplicate: 1, failed: 0 });
    }
    // Billing charged once, so the merchant's silo recorded one charge.
    expect(delta["orders-dev-merchant-reports-acme"]).toMatchObject({ processed: 1, duplicate: 0 });
    expect(Object.values(service.report().deadLetterQueues).every((n) => n === 0)).toBe(true);
  });

  it("delivers to each subscriber exactly the events its filter admits", async () => {
    const before = service.report();
    for (const [eventType, id] of [["OrderPlaced", "f-1"], ["OrderCancelled", "f-2"], ["OrderRefunded", "f-3"]] as const) {
      const e = orderEvent(eventType, id);
      await service.send("order-events", e.body, e.options);
    }
    await service.waitForIdle();

    const delta = reportDelta(before, service.report());
    // billing: OrderPlaced only; shipping: OrderPlaced and OrderCancelled; audit: no filter.
    expect(delta["orders-dev-order-events-billing"]).toMatchObject({ processed: 1, duplicate: 0, failed: 0 });
    expect(delta["orders-dev-order-events-shipping"]).toMatchObject({ processed: 2, duplicate: 0, failed: 0 });
    expect(delta["orders-dev-order-events-audit"]).toMatchObject({ processed: 3, duplicate: 0, failed: 0 });
    expect(recorder.problems()).toEqual([]);
  });
});
