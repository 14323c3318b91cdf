import { createTenantRouter, sqsConsumer } from "../../../handlers/index.js";
import { bundledRoutingTable } from "../../../handlers/producing/bundled-routing-tables.js";
import type { OrderCharged } from "./merchant-reports.js";

/** Published by ingest when a merchant's order import is accepted. */
interface OrderPlaced {
  readonly eventType: "OrderPlaced";
  readonly orderId: string;
  readonly merchantId: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly currency: string;
}

// Once per execution environment; `sendsTo: [merchant-reports]` bundles the merchant → silo table.
const merchantReports = createTenantRouter(bundledRoutingTable("merchant-reports"));

/**
 * Charges the customer once per order: the spec's `idempotencyKey: orderId` makes a
 * redelivered or republished OrderPlaced a duplicate that never reaches this code.
 */
export const handler = sqsConsumer<OrderPlaced>(async (order, { logger, metrics, record }) => {
  if (!Number.isInteger(order.amountCents) || order.amountCents <= 0) {
    throw new Error(`order ${order.orderId} has no chargeable amount`);
  }
  // Business logic goes here: call the payment provider with orderId as its idempotency key.
  logger.info("charging customer", { orderId: order.orderId, customerId: order.customerId, amountCents: order.amountCents });
  metrics.addMetric("chargedCents", "Count", order.amountCents);
  // From the delivery, not the clock: a retried invocation must send the very same payload, or the
  // silo's idempotency (keyed on orderId) would refuse it as a different message under one key.
  const chargedAt = new Date(Number(record.attributes.SentTimestamp)).toISOString();
  const charge: OrderCharged = { orderId: order.orderId, amountCents: order.amountCents, currency: order.currency, chargedAt };
  await merchantReports.send(order.merchantId, charge, { key: order.orderId });
  return { orderId: order.orderId, chargedCents: order.amountCents, currency: order.currency };
});
