/** AWS hard limits that bulkhead's decisions and guardrails depend on. */
export const AWS_LIMITS = {
  lambdaMaxTimeoutSeconds: 900,
  lambdaNameLength: 64,
  iamRoleNameLength: 64,
  sqsNameLength: 80,
  snsNameLength: 256,
  /** After `alias/`. */
  kmsAliasNameLength: 250,
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
  /** An SQS event source mapping's `maximum_concurrency` is 2..1000. */
  eventSourceMaxConcurrency: 1000,
  /** A queue policy, in bytes. */
  sqsPolicyBytes: 8_192,
  /** A topic policy, in bytes (SNS documents "30 kb"). */
  snsPolicyBytes: 30_720,
  /** A role's inline policies together, whitespace excluded; checked only at apply. */
  iamInlinePolicyChars: 10_240,
  /** Attribute (or, for body policies, leaf) keys in one SNS filter policy. */
  snsFilterPolicyMaxKeys: 5,
  /** Value combinations in one SNS filter policy: the product of its value lists' lengths. */
  snsFilterPolicyMaxCombinations: 150,
} as const;

/**
 * CloudWatch dashboard quotas: 500 widgets and 2,500 metrics a dashboard, 500 metrics a graph;
 * bulkhead keeps a graph to 100 lines, the most one can still read.
 */
export const DASHBOARD_LIMITS = { widgets: 500, metrics: 2500, metricsPerChart: 100 } as const;

/** The largest payload AWS's extended clients (and so bulkhead's claim check) move through S3. */
export const CLAIM_CHECK_MAX_BYTES = 2 * 1024 * 1024 * 1024;

/** A consumer holds a payload about three times over: the fetched text, the parsed object, and slack. */
export const PAYLOAD_MEMORY_FACTOR = 3;

/**
 * Bytes SNS adds when it wraps a message in its JSON envelope (non-raw delivery), measured
 * generously; the payload itself is escaped as a JSON string inside it (see payload-size).
 */
export const SNS_ENVELOPE_OVERHEAD_BYTES = 1_536;

/**
 * What bulkhead budgets for message attributes, which count towards SNS's and SQS's size limits
 * (the publisher's `bulkhead-message-id` and any the producer adds).
 */
export const MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES = 1_024;

/**
 * What a priority queue's producers stamp beyond that allowance (SQS counts each attribute's name,
 * type and value): `bulkhead-enqueued-at`, a millisecond timestamp, so a message's age survives
 * moves between lanes (20 + 6 + 13 bytes), and `bulkhead-key`, the business key for logs, which
 * the publisher limits to 256 characters (12 + 6 + 256), rounded up.
 */
export const PRIORITY_ATTRIBUTES_BYTES = 384;
