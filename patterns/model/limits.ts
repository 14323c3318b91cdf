/** AWS hard limits that bulkhead's decisions and guardrails depend on. */
export const AWS_LIMITS = {
  lambdaMaxTimeoutSeconds: 900,
  lambdaNameLength: 64,
  iamRoleNameLength: 64,
  sqsNameLength: 80,
  snsNameLength: 256,
  dynamodbTableNameLength: 255,
  alarmNameLength: 255,
  ssmParameterNameLength: 1011,
  /** SNS publish; SQS and async Lambda accept more since 2025, but SNS caps the fan-out path. */
  snsMaxPayloadBytes: 262_144,
  /** Largest `maximum_message_size` both provider 5.100 and 6.x accept. */
  sqsMaxPayloadBytes: 262_144,
  sqsMaxVisibilityTimeoutSeconds: 43_200,
  sqsFifoMaxBatchSize: 10,
  /** Batches above 10 records need a batching window on standard queues. */
  sqsBatchSizeWithoutWindow: 10,
  sqsMaxBatchSize: 10_000,
  /** Lambda keeps this much account concurrency unreserved. */
  lambdaUnreservedMinimum: 100,
} as const;

/** Bytes SNS adds when it wraps a message in its JSON envelope (non-raw delivery), measured generously. */
export const SNS_ENVELOPE_OVERHEAD_BYTES = 1_536;
