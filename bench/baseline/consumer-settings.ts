import { posix } from "node:path";
import type { BoundedConsumer, Consumer, ServiceCase, TenantSilos } from "../service-case.js";
import { CONSUMER_DEFAULTS, DLQ_RETENTION_SECONDS, FUNCTION_DEFAULTS, QUEUE_DEFAULTS, TIME_MARGIN } from "./defaults.js";
import type { StackContext } from "./stack-context.js";

/** A consumer's function settings and queue settings: its own, then the service's, then the team's defaults. */
export function consumerSettings(ctx: Pick<StackContext, "service">, c: Consumer) {
  const fn = { ...FUNCTION_DEFAULTS, ...ctx.service.defaults.function, ...c.function };
  const batchingWindowSeconds = c.batchingWindowSeconds ?? CONSUMER_DEFAULTS.batchingWindowSeconds;
  const queue = { ...QUEUE_DEFAULTS, ...ctx.service.defaults.queue, ...c.queue };
  return {
    fn,
    queue,
    batchingWindowSeconds,
    // Six function timeouts plus the batching window: a retried slow batch is not redelivered.
    visibilityTimeoutSeconds: c.visibilityTimeoutSeconds ?? 6 * fn.timeoutSeconds + batchingWindowSeconds,
    // A message can come back for as long as its queue keeps it, and, redriven, as long as its DLQ did.
    idempotencyWindowSeconds: c.idempotencyWindowSeconds ?? ctx.service.defaults.consumer?.idempotencyWindowSeconds ?? queue.messageRetentionSeconds + DLQ_RETENTION_SECONDS,
    timeMarginMs: Math.round(Math.min(TIME_MARGIN.maxMs, Math.max(TIME_MARGIN.minMs, fn.timeoutSeconds * 1000 * TIME_MARGIN.shareOfTimeout))),
  };
}

/** The consumer's handler file relative to the project root, as esbuild takes it. */
export function handlerEntry(service: ServiceCase, c: Consumer): string {
  return posix.join(service.specDir, c.handler);
}

/** A bounded consumer's mapping cap: as asked, else its reservation (at most 1000, so the poller is never throttled), else the default. */
export function mappingCap(c: BoundedConsumer): number {
  return c.maxConcurrency ?? (c.reservedConcurrency === undefined ? CONSUMER_DEFAULTS.maxConcurrency : Math.min(c.reservedConcurrency, 1000));
}

/** One tenant's silo consumer: the pattern's settings, with the tenant's own reservation, cap and function settings. */
export function siloConsumer(silos: TenantSilos, tenant: string): BoundedConsumer {
  const override = silos.overrides[tenant];
  return {
    ...silos,
    reservedConcurrency: override?.reservedConcurrency ?? silos.reservedConcurrencyPerTenant,
    maxConcurrency: override?.maxConcurrency ?? silos.maxConcurrency,
    function: { ...silos.function, ...override?.function },
  };
}
