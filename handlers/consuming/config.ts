import { CLAIM_CHECK_BUCKET_VARIABLE } from "../claim-check/settings.js";
import { bucketNameOf } from "../shared/bucket-arn.js";
import { ConsumerConfigError } from "./errors.js";

/** The environment variables the synthesizer sets on every consumer function (see README.md). */
export const CONSUMER_ENV = {
  table: "BULKHEAD_IDEMPOTENCY_TABLE",
  keyExpression: "BULKHEAD_IDEMPOTENCY_KEY",
  ttlSeconds: "BULKHEAD_IDEMPOTENCY_TTL_SECONDS",
  messageFormat: "BULKHEAD_MESSAGE_FORMAT",
  queueKind: "BULKHEAD_QUEUE_KIND",
  functionName: "AWS_LAMBDA_FUNCTION_NAME",
  idempotencyScope: "BULKHEAD_IDEMPOTENCY_SCOPE",
  lane: "BULKHEAD_LANE",
  deferAfterSeconds: "BULKHEAD_DEFER_AFTER_SECONDS",
  deferTo: "BULKHEAD_DEFER_TO_QUEUE",
  expireAfterSeconds: "BULKHEAD_EXPIRE_AFTER_SECONDS",
  tenant: "BULKHEAD_TENANT",
  tenancyPattern: "BULKHEAD_TENANCY_PATTERN",
  tenantTable: "BULKHEAD_TENANT_TABLE",
  tenantBucket: "BULKHEAD_TENANT_BUCKET",
  claimCheckBucket: CLAIM_CHECK_BUCKET_VARIABLE,
} as const;

const MESSAGE_FORMATS = ["sns-envelope", "raw"] as const;
const LANES = ["high", "low", "surge"] as const;
const QUEUE_KINDS = ["standard", "fifo"] as const;
const DEFAULT_TTL_SECONDS = 3600;

export type MessageFormat = (typeof MESSAGE_FORMATS)[number];
export type QueueKind = (typeof QUEUE_KINDS)[number];
export type Lane = (typeof LANES)[number];

/** A priority lane's treatment of aged work (the lanes of a `priority-queue` pattern). */
export interface LaneConfig {
  lane: Lane;
  /** Work older than this since its first enqueue is dropped, counted and logged. */
  expireAfterMs: number;
  /** High and surge lanes: older work is moved to `deferTo` (the low lane's queue name) unrun. */
  deferAfterMs?: number;
  deferTo?: string;
}

/**
 * Which tenants a consumer's queues serve, for consumers of tenant-aware queues: `isolated`, a
 * tenant-isolated function's silo, serving one tenant from its one queue; `sharded`, a
 * shuffle-sharded queue's consumer, whose bundled routing table of `pattern` says which tenants
 * each shard serves.
 */
export type TenancyConfig = { kind: "isolated"; tenant: string; data?: TenantDataConfig } | { kind: "sharded"; pattern: string };

/** The shared tenant data a silo's role reaches only its own part of. */
export interface TenantDataConfig {
  /** Keys `pk`, `sk` (S); the role reaches items whose pk starts `<tenant>#`. */
  tableName?: string;
  /** The role reaches objects under `tenants/<tenant>/`. */
  bucketName?: string;
}

export interface ConsumerConfig {
  functionName: string;
  /**
   * Prefix of every idempotency key: the function name, or the priority queue's name, which all its
   * lanes share. The IAM policy only lets the function touch keys starting `<scope>#`.
   */
  idempotencyScope: string;
  tableName: string;
  /** JMESPath into the payload; absent means the bulkhead-message-id attribute, else the message id, is the key. */
  keyExpression?: string;
  ttlSeconds: number;
  messageFormat: MessageFormat;
  queueKind: QueueKind;
  /** Set on the consumers of a priority queue's lanes. */
  lane?: LaneConfig;
  /** Set on the consumers of tenant-aware queues: records for a tenant the queue does not serve are dead-lettered unrun. */
  tenancy?: TenancyConfig;
  /** The claim-check bucket pointer messages are read from; without it, a pointer fails its record. */
  claimCheckBucketName?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks the consumer's environment. Every problem is reported at once, so a bad
 * deployment is fixed in one round instead of one variable at a time.
 */
export function loadConsumerConfig(env: Env = process.env): ConsumerConfig {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;

  const required = (name: string): string => {
    const found = value(name);
    if (found === undefined) problems.push(`${name} is required`);
    return found ?? "";
  };

  const oneOf = <T extends string>(name: string, allowed: readonly T[], found = required(name)): T => {
    if (found !== "" && !allowed.includes(found as T)) {
      problems.push(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(", ")}, got '${found}'`);
    }
    return found as T;
  };

  const seconds = (name: string): number | undefined => {
    const text = value(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n <= 0) problems.push(`${name} must be a positive whole number of seconds, got '${text}'`);
    return n;
  };
  const milliseconds = (name: string) => {
    const s = seconds(name);
    return s === undefined ? undefined : s * 1000;
  };

  const ttlSeconds = seconds(CONSUMER_ENV.ttlSeconds) ?? DEFAULT_TTL_SECONDS;

  const laneName = value(CONSUMER_ENV.lane);
  let lane: LaneConfig | undefined;
  if (laneName !== undefined) {
    oneOf(CONSUMER_ENV.lane, LANES, laneName);
    const expireAfterMs = milliseconds(CONSUMER_ENV.expireAfterSeconds);
    if (expireAfterMs === undefined) problems.push(`${CONSUMER_ENV.expireAfterSeconds} is required on a priority lane`);
    const deferAfterMs = milliseconds(CONSUMER_ENV.deferAfterSeconds);
    const deferTo = value(CONSUMER_ENV.deferTo);
    if ((deferAfterMs === undefined) !== (deferTo === undefined)) {
      problems.push(`${CONSUMER_ENV.deferAfterSeconds} and ${CONSUMER_ENV.deferTo} go together`);
    }
    if (laneName === "low" && deferTo !== undefined) problems.push("the low lane never defers");
    lane = { lane: laneName as Lane, expireAfterMs: expireAfterMs ?? 0, ...(deferAfterMs !== undefined && deferTo !== undefined ? { deferAfterMs, deferTo } : {}) };
  }

  const tenancy = readTenancy(value, problems);
  const format = value(CONSUMER_ENV.messageFormat);
  if (tenancy !== undefined && format !== undefined && format !== "raw") {
    // The check reads the SQS attribute and dead-letters the record as it came; an envelope's tenant is inside the body.
    problems.push(`${CONSUMER_ENV.messageFormat} must be 'raw' on a tenant-aware queue`);
  }

  const claimCheckBucketName = bucketName(value, CONSUMER_ENV.claimCheckBucket, problems);
  const functionName = required(CONSUMER_ENV.functionName);
  const config: ConsumerConfig = {
    functionName,
    idempotencyScope: value(CONSUMER_ENV.idempotencyScope) ?? functionName,
    tableName: required(CONSUMER_ENV.table),
    keyExpression: value(CONSUMER_ENV.keyExpression),
    ttlSeconds,
    messageFormat: oneOf(CONSUMER_ENV.messageFormat, MESSAGE_FORMATS),
    queueKind: oneOf(CONSUMER_ENV.queueKind, QUEUE_KINDS),
    ...(lane ? { lane } : {}),
    ...(tenancy ? { tenancy } : {}),
    ...(claimCheckBucketName !== undefined ? { claimCheckBucketName } : {}),
  };
  if (problems.length > 0) {
    throw new ConsumerConfigError(`bulkhead consumer configuration: ${problems.join("; ")}`);
  }
  return config;
}

function readTenancy(value: (name: string) => string | undefined, problems: string[]): TenancyConfig | undefined {
  const tenant = value(CONSUMER_ENV.tenant);
  const pattern = value(CONSUMER_ENV.tenancyPattern);
  const tableName = value(CONSUMER_ENV.tenantTable);
  const bucketArn = value(CONSUMER_ENV.tenantBucket);
  if (tenant !== undefined && pattern !== undefined) {
    problems.push(`${CONSUMER_ENV.tenant} and ${CONSUMER_ENV.tenancyPattern} exclude each other: a function serves one tenant or a sharded pattern's queues`);
  }
  if (tenant === undefined && (tableName !== undefined || bucketArn !== undefined)) {
    problems.push(`${CONSUMER_ENV.tenantTable} and ${CONSUMER_ENV.tenantBucket} need ${CONSUMER_ENV.tenant}, the tenant they are scoped to`);
  }
  // Both separate the tenant from what follows it: `<tenant>#<pk>`, `tenants/<tenant>/<key>`.
  if (tenant !== undefined && /[#/]/.test(tenant)) problems.push(`${CONSUMER_ENV.tenant} must not contain '#' or '/', got '${tenant}'`);
  const tenantBucketName = bucketArn === undefined ? undefined : bucketName(value, CONSUMER_ENV.tenantBucket, problems);
  if (tenant !== undefined) {
    const data = { ...(tableName !== undefined ? { tableName } : {}), ...(tenantBucketName !== undefined ? { bucketName: tenantBucketName } : {}) };
    return { kind: "isolated", tenant, ...(Object.keys(data).length > 0 ? { data } : {}) };
  }
  return pattern === undefined ? undefined : { kind: "sharded", pattern };
}

/** The name of the bucket whose ARN the variable holds; a value that is not a bucket ARN is a problem. */
function bucketName(value: (name: string) => string | undefined, name: string, problems: string[]): string | undefined {
  const arn = value(name);
  if (arn === undefined) return undefined;
  const found = bucketNameOf(arn);
  if (found === undefined) problems.push(`${name} must be a bucket ARN (arn:aws:s3:::<name>), got '${arn}'`);
  return found;
}
