import { createPriorityPublisher, sqsConsumer } from "../../../handlers/index.js";
import type { Notification } from "./notify.js";

interface OrderEvent {
  readonly eventType: "OrderPlaced" | "OrderCancelled";
  readonly orderId: string;
  readonly customerId: string;
  readonly shippingAddress?: { readonly country: string; readonly postcode: string };
}

// Once per execution environment; `sendsTo: [notifications]` gives the function the lanes.
const notifications = createPriorityPublisher("notifications");

function notify(kind: Notification["kind"], event: OrderEvent & { customerId: string }, priority: "high" | "low") {
  const notificationId = `${event.orderId}:${kind}`;
  const n: Notification = { notificationId, kind, orderId: event.orderId, customerId: event.customerId };
  return notifications.send(n, { key: notificationId, priority });
}

/**
 * Books or cancels a shipment and tells the customer: what they wait for goes high, the
 * review request low. Keyed on `[orderId, eventType]`, so a cancellation is
 * not mistaken for a duplicate of the placement it cancels.
 */
export const handler = sqsConsumer<OrderEvent>(async (event, { logger }) => {
  if (event.eventType === "OrderCancelled") {
    logger.info("cancelling shipment", { orderId: event.orderId });
    await notify("ShipmentCancelled", event, "high");
    return { orderId: event.orderId, shipment: "cancelled" };
  }
  if (!event.shippingAddress) {
    logger.info("nothing to ship: digital order", { orderId: event.orderId });
    return { orderId: event.orderId, shipment: "none" };
  }
  logger.info("booking shipment", { orderId: event.orderId, country: event.shippingAddress.country });
  await notify("ShipmentBooked", event, "high");
  await notify("ReviewRequest", event, "low");
  return { orderId: event.orderId, shipment: "booked" };
});
