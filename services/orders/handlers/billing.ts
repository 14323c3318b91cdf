import { sqsConsumer } from "../../../handlers/index.js";

/** Published by ingest when a merchant's order import is accepted. */
interface OrderPlaced {
  readonly eventType: "OrderPlaced";
  readonly orderId: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly currency: string;
}

/**
 * Charges the customer once per order: the spec's `idempotencyKey: orderId` makes a
 * redelivered or republished OrderPlaced a duplicate that never reaches this code.
 */
export const handler = sqsConsumer<OrderPlaced>(async (order, { logger, metrics }) => {
  if (!Number.isInteger(order.amountCents) || order.amountCents <= 0) {
    throw new Error(`order ${order.orderId} has no chargeable amount`);
  }
  // Business logic goes here: call the payment provider with orderId as its idempotency key.
  logger.info("charging customer", { orderId: order.orderId, customerId: order.customerId, amountCents: order.amountCents });
  metrics.addMetric("chargedCents", "Count", order.amountCents);
  return { orderId: order.orderId, chargedCents: order.amountCents, currency: order.currency };
});
