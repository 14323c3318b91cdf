import { sqsConsumer } from "../../../handlers/index.js";

/**
 * Keeps every order event, whatever its type. It takes the SNS envelope (no raw
 * delivery) so the runtime keys on the SNS MessageId: one audit entry per notification.
 */
export const handler = sqsConsumer<Record<string, unknown>>(async (event, { logger, messageId }) => {
  logger.info("audit", { messageId, eventType: event.eventType, orderId: event.orderId });
  return { recorded: messageId };
});
