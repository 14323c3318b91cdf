import { sqsConsumer } from "../../../handlers/index.js";

interface OrderEvent {
  readonly eventType: "OrderPlaced" | "OrderCancelled";
  readonly orderId: string;
  readonly shippingAddress?: { readonly country: string; readonly postcode: string };
}

/**
 * Books or cancels a shipment. Keyed on `[orderId, eventType]`, so a cancellation is
 * not mistaken for a duplicate of the placement it cancels.
 */
export const handler = sqsConsumer<OrderEvent>(async (event, { logger }) => {
  if (event.eventType === "OrderCancelled") {
    logger.info("cancelling shipment", { orderId: event.orderId });
    return { orderId: event.orderId, shipment: "cancelled" };
  }
  if (!event.shippingAddress) {
    logger.info("nothing to ship: digital order", { orderId: event.orderId });
    return { orderId: event.orderId, shipment: "none" };
  }
  logger.info("booking shipment", { orderId: event.orderId, country: event.shippingAddress.country });
  return { orderId: event.orderId, shipment: "booked" };
});
