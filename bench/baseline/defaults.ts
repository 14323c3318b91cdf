/**
 * The values the baseline's team chose for everything the spec leaves out, written
 * out by hand (the same choices as bulkhead's defaults, not imported from it).
 */
export const FUNCTION_DEFAULTS = { runtime: "nodejs22.x", architecture: "arm64", memoryMb: 256, timeoutSeconds: 30, logRetentionDays: 30 } as const;
export const QUEUE_DEFAULTS = { maxReceiveCount: 5, messageRetentionSeconds: 4 * 24 * 3600, oldestMessageAlarmSeconds: 300 } as const;
export const CONSUMER_DEFAULTS = { batchSize: 10, batchingWindowSeconds: 0, maxConcurrency: 5 } as const;
export const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
export const ALARM_PERIOD_SECONDS = 300;
/** The shortest time a priority lane remembers a processed key; other consumers remember theirs as long as a message can come back. */
export const LANE_IDEMPOTENCY_TTL_FLOOR_SECONDS = 3600;
/** No record is started with less time left than a quarter of the timeout, kept within 1 to 3 s. */
export const TIME_MARGIN = { shareOfTimeout: 0.25, minMs: 1000, maxMs: 3000 } as const;
/** X-Ray active tracing on every function and topic unless the service turns it off. */
export const TRACING = true;
/** Tables refuse deletion unless the environment turns it off. */
export const DELETION_PROTECTION = true;
/** The largest value a Standard-tier (free) SSM parameter holds; larger routing tables go to S3. */
export const SSM_STANDARD_MAX_BYTES = 4096;
