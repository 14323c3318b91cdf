import { z } from "zod";
import { consumer, externalProducers, functionSettings, maxPayloadBytes, resourceKey } from "../spec/common.js";

/** Below 2, the event source's concurrent batches are throttled and count as receives (see consumer.reservedConcurrency). */
const reservation = z.number().int().min(2, "a silo needs at least 2: with 1 the event source's second batch is throttled and counts as a receive");

const tenantOverride = z
  .strictObject({
    reservedConcurrency: reservation.optional().describe("this tenant's reservation instead of reservedConcurrencyPerTenant"),
    maxConcurrency: z.number().int().min(2).max(1000).optional().describe("this tenant's event source cap (default: its reservation)"),
    function: functionSettings.optional(),
  })
  .describe("settings for one tenant's silo");

const data = z
  .strictObject({
    table: z
      .boolean()
      .optional()
      .describe("a DynamoDB table (keys pk, sk) shared by the silos; each tenant's role reaches only items whose pk starts <tenant>#"),
    bucket: z.boolean().optional().describe("a private bucket shared by the silos; each tenant's role reaches only tenants/<tenant>/"),
  })
  .describe("tenant data the handlers get clients for, already scoped to their tenant");

export const tenantIsolatedFunctionSpec = consumer
  .omit({ reservedConcurrency: true })
  .extend({
    type: z.literal("tenant-isolated-function"),
    reservedConcurrencyPerTenant: reservation.describe("each tenant's own reserved concurrency; every silo counts against the account budget"),
    tenants: z.array(resourceKey).min(1).optional().describe("this pattern's tenants (default: the service's)"),
    overrides: z.record(resourceKey, tenantOverride).optional().describe("per tenant: its reservation, cap or function settings"),
    data: data.optional(),
    maxPayloadBytes: maxPayloadBytes.optional(),
    externalProducers: externalProducers.optional(),
  })
  .describe("per tenant, its own queue, DLQ, function, reserved concurrency and role: a silo no other tenant can reach");

export type TenantIsolatedFunctionSpec = z.infer<typeof tenantIsolatedFunctionSpec>;
