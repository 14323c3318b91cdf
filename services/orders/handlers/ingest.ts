import { sqsConsumer } from "../../../handlers/index.js";

/** One order a merchant imports; merchants send these through the shard router. */
interface OrderImport {
  readonly merchantId: string;
  readonly externalOrderId: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly currency: string;
}

/**
 * Validates a merchant's order import. Keyed on `[merchantId, externalOrderId]`, so a
 * merchant re-sending the same order imports it once.
 */
export const handler = sqsConsumer<OrderImport>(async (order, { logger, tenant }) => {
  if (tenant !== undefined && tenant !== order.merchantId) {
    throw new Error(`order ${order.externalOrderId} claims merchant ${order.merchantId} but came from ${tenant}`);
  }
  if (!Number.isInteger(order.amountCents) || order.amountCents <= 0) {
    throw new Error(`order ${order.externalOrderId} has no chargeable amount`);
  }
  logger.info("order imported", { merchantId: order.merchantId, externalOrderId: order.externalOrderId });
  return { orderId: `${order.merchantId}-${order.externalOrderId}` };
});
