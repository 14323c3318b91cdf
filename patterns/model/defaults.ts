/**
 * Defaults kept apart from wiring, so the secure, bounded choice is visible in one
 * place and every pattern inherits the same one.
 */
export const DEFAULTS = {
  accountConcurrency: 1000,
  function: {
    runtime: "nodejs22.x",
    architecture: "arm64",
    memoryMb: 256,
    timeoutSeconds: 30,
    logRetentionDays: 30,
  },
  consumer: {
    batchSize: 10,
    batchingWindowSeconds: 0,
    maxConcurrency: 5,
  },
  queue: {
    maxReceiveCount: 5,
    messageRetentionSeconds: 4 * 24 * 3600,
    deadLetterRetentionSeconds: 14 * 24 * 3600,
    receiveWaitTimeSeconds: 20,
    oldestMessageAlarmSeconds: 300,
  },
  /** The shortest visibility timeout worth having, whatever the function timeout. */
  visibilityTimeoutMultiplier: 6,
  alarms: {
    deadLetterDepth: 1,
    /** Records the runtime reported for retry: with partial batch responses, Lambda's Errors stays 0. */
    failedRecordsThreshold: 1,
    errorsThreshold: 1,
    throttlesThreshold: 1,
    periodSeconds: 300,
  },
  /** What producers send at most, unless a pattern's `maxPayloadBytes` says otherwise. */
  maxPayloadBytes: 65_536,
  topic: {
    kmsKeyId: "alias/aws/sns",
  },
  idempotency: {
    /** Priority lanes' floor: they drop work older than expireAfterSeconds before it is looked up. */
    ttlSeconds: 3600,
  },
  /** No record is started with less time left than this (the first of a batch aside), at most. */
  timeGuardMarginMs: { max: 3000, min: 1000, shareOfTimeout: 0.25 },
  deletionProtection: true,
  tracing: true,
  /** How long the runtime reuses a fetched secret or parameter. */
  parametersCacheSeconds: 300,
  backend: {
    /**
     * Beside the project, as plain cdktf keeps it: never inside the output folder that
     * synth rewrites, where one synth would take the state of everything applied.
     */
    localStateFile: (stackName: string) => `terraform.${stackName}.tfstate`,
    s3KeyPrefix: "bulkhead",
  },
} as const;
