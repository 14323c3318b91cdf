import { sqsConsumer } from "../../../handlers/index.js";

/** What shipping asks to tell a customer; high priority for what they wait for, low for the rest. */
export interface Notification {
  readonly notificationId: string;
  readonly kind: "ShipmentBooked" | "ShipmentCancelled" | "ReviewRequest";
  readonly orderId: string;
  readonly customerId: string;
}

const KINDS = new Set<Notification["kind"]>(["ShipmentBooked", "ShipmentCancelled", "ReviewRequest"]);

/**
 * Sends one customer notification, in whichever lane it arrives: keyed on `notificationId`, and
 * the lanes share their idempotency records, so one deferred from the high lane after a lost
 * acknowledgement is still sent once. A malformed request fails (and ends in the DLQ) instead of
 * being sent half-filled.
 */
export const handler = sqsConsumer<Notification>(async (n, { logger }) => {
  if (!KINDS.has(n.kind) || !n.orderId || !n.customerId) {
    throw new Error(`notification ${n.notificationId} is malformed: kind ${n.kind}, order ${n.orderId}, customer ${n.customerId}`);
  }
  // Business logic goes here: call the email or push provider with notificationId as its idempotency key.
  logger.info("notifying customer", { notificationId: n.notificationId, kind: n.kind, orderId: n.orderId });
  return { notificationId: n.notificationId, sent: n.kind };
});
