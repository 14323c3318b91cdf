import type { Consumer } from "../service-case.js";
import { CONSUMER_DEFAULTS, FUNCTION_DEFAULTS, QUEUE_DEFAULTS } from "./defaults.js";
import type { StackContext } from "./stack-context.js";

/** A consumer's function settings and queue settings: its own, then the service's, then the team's defaults. */
export function consumerSettings(ctx: StackContext, c: Consumer) {
  const fn = { ...FUNCTION_DEFAULTS, ...ctx.service.defaults.function, ...c.function };
  const batchingWindowSeconds = c.batchingWindowSeconds ?? CONSUMER_DEFAULTS.batchingWindowSeconds;
  return {
    fn,
    queue: { ...QUEUE_DEFAULTS, ...ctx.service.defaults.queue, ...c.queue },
    batchingWindowSeconds,
    // Six function timeouts plus the batching window: a retried slow batch is not redelivered.
    visibilityTimeoutSeconds: c.visibilityTimeoutSeconds ?? 6 * fn.timeoutSeconds + batchingWindowSeconds,
  };
}
