import { createTopicPublisher, sqsConsumer } from "../../../handlers/index.js";

/** One order a merchant imports; merchants send these through the shard router. */
interface OrderImport {
  readonly merchantId: string;
  readonly externalOrderId: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly shippingAddress?: { readonly country: string; readonly postcode: string };
}

// Once per execution environment; `sendsTo: [order-events]` gives the function the topic's ARN.
const orderEvents = createTopicPublisher("order-events");

/**
 * Validates a merchant's order import and announces it to billing, shipping and audit. Keyed on
 * `[merchantId, externalOrderId]`, so a merchant re-sending the same order imports it once; if
 * this function is retried after publishing, the event's bulkhead-message-id lets subscribers
 * recognise the second copy.
 */
export const handler = sqsConsumer<OrderImport>(async (order, { logger, tenant }) => {
  const { merchantId, externalOrderId, customerId, amountCents, currency, shippingAddress } = order;
  if (tenant !== undefined && tenant !== merchantId) {
    throw new Error(`order ${externalOrderId} claims merchant ${merchantId} but came from ${tenant}`);
  }
  if (!Number.isInteger(amountCents) || amountCents <= 0) {
    throw new Error(`order ${externalOrderId} has no chargeable amount`);
  }
  // Merchant ids may hold "-" (acme-eu), never ":": with "-", acme's "eu-7" and acme-eu's "7" would be one order.
  const orderId = `${merchantId}:${externalOrderId}`;
  const eventType = "OrderPlaced";
  await orderEvents.publish(
    { eventType, orderId, merchantId, customerId, amountCents, currency, shippingAddress },
    { key: `${merchantId}:${externalOrderId}`, tenant: merchantId, attributes: { eventType } },
  );
  logger.info("order imported", { merchantId, externalOrderId, orderId });
  return { orderId };
});
