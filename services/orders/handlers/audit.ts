import { sqsConsumer } from "../../../handlers/index.js";

/**
 * Keeps every order event, whatever its type. It takes the SNS envelope (no raw delivery),
 * which the runtime unwraps; with no idempotencyKey in the spec it keys on the publisher's
 * deterministic bulkhead-message-id, so a republished event is audited once.
 */
export const handler = sqsConsumer<Record<string, unknown>>(async (event, { logger, messageId }) => {
  logger.info("audit", { messageId, eventType: event.eventType, orderId: event.orderId });
  return { recorded: messageId };
});
