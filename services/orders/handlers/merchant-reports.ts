import { sqsConsumer } from "../../../handlers/index.js";

/** Sent by billing, through the tenant router, to the merchant's own silo for every charged order. */
export interface OrderCharged {
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: string;
  /** ISO 8601. */
  readonly chargedAt: string;
}

function checked(charge: OrderCharged): OrderCharged {
  if (typeof charge.orderId !== "string" || charge.orderId === "") throw new Error("OrderCharged without an orderId");
  if (!Number.isInteger(charge.amountCents) || charge.amountCents <= 0) throw new Error(`order ${charge.orderId}: amountCents must be a positive integer`);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(String(charge.chargedAt))) throw new Error(`order ${charge.orderId}: chargedAt must be an ISO 8601 time`);
  return charge;
}

/**
 * Records a charge in the merchant's ledger, one row per order under the day it was charged, so a
 * daily report is one query of the merchant's partition. The table client is already scoped to
 * this silo's merchant: the row is stored as `<merchant>#charges#<day>`, which is all its role may
 * touch. A put per order (not a running total) keeps a redelivery harmless even past idempotency.
 */
export const handler = sqsConsumer<OrderCharged>(async (payload, { tenant, tenantData, logger }) => {
  const charge = checked(payload);
  const ledger = tenantData?.table;
  if (!ledger) throw new Error("merchant-reports needs data.table in the service spec");
  const day = charge.chargedAt.slice(0, 10);
  await ledger.put({ pk: `charges#${day}`, sk: charge.orderId, amountCents: charge.amountCents, currency: charge.currency });
  logger.info("charge recorded", { merchant: tenant, orderId: charge.orderId, day });
  return { orderId: charge.orderId, day };
});
