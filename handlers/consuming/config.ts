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
  timeMarginMs: "BULKHEAD_TIME_MARGIN_MS",
  secrets: "BULKHEAD_SECRETS",
  parameters: "BULKHEAD_PARAMETERS",
  parametersCacheSeconds: "BULKHEAD_PARAMETERS_CACHE_SECONDS",
} as const;

const MESSAGE_FORMATS = ["sns-envelope", "raw"] as const;
const LANES = ["high", "low", "surge"] as const;
const QUEUE_KINDS = ["standard", "fifo"] as const;
const DEFAULT_TTL_SECONDS = 3600;
/**
 * The time guard's margin without BULKHEAD_TIME_MARGIN_MS (which the synthesizer sets to a quarter of
 * the timeout within 1 to 3 s): what every consumer used before the variable existed.
 */
const DEFAULT_TIME_MARGIN_MS = 3_000;
/** How long a secret or parameter is reused without BULKHEAD_PARAMETERS_CACHE_SECONDS; the synthesizer's default too. */
const DEFAULT_PARAMETERS_CACHE_SECONDS = 300;
/** The names a spec may give secrets and parameters (the spec's schema allows the same). */
const VALUE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Any partition and region; the spec's schema checks them more closely. */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[\w/.-]+$/;

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
  /**
   * No record but a batch's first is started with less time than this left: BULKHEAD_TIME_MARGIN_MS,
   * else 3000. The consumer's `timeSafetyMarginMs` option overrides it.
   */
  timeMarginMs: number;
  /** Handler name → Secrets Manager secret ARN (BULKHEAD_SECRETS): what `scope.secrets.get(name)` reads. */
  secrets?: Readonly<Record<string, string>>;
  /** Handler name → SSM parameter ARN (BULKHEAD_PARAMETERS): what `scope.parameters.get(name)` reads. */
  parameters?: Readonly<Record<string, string>>;
  /** How long a fetched secret or parameter is reused (BULKHEAD_PARAMETERS_CACHE_SECONDS, else 300). */
  parametersCacheSeconds: number;
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

  const positive = (name: string, unit: "seconds" | "milliseconds"): number | undefined => {
    const text = value(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n <= 0) problems.push(`${name} must be a positive whole number of ${unit}, got '${text}'`);
    return n;
  };
  const seconds = (name: string) => positive(name, "seconds");
  const secondsAsMs = (name: string) => {
    const s = seconds(name);
    return s === undefined ? undefined : s * 1000;
  };

  const ttlSeconds = seconds(CONSUMER_ENV.ttlSeconds) ?? DEFAULT_TTL_SECONDS;

  const laneName = value(CONSUMER_ENV.lane);
  let lane: LaneConfig | undefined;
  if (laneName !== undefined) {
    oneOf(CONSUMER_ENV.lane, LANES, laneName);
    const expireAfterMs = secondsAsMs(CONSUMER_ENV.expireAfterSeconds);
    if (expireAfterMs === undefined) problems.push(`${CONSUMER_ENV.expireAfterSeconds} is required on a priority lane`);
    const deferAfterMs = secondsAsMs(CONSUMER_ENV.deferAfterSeconds);
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
  const timeMarginMs = positive(CONSUMER_ENV.timeMarginMs, "milliseconds") ?? DEFAULT_TIME_MARGIN_MS;
  const secrets = namedArns(value, CONSUMER_ENV.secrets, { arn: SECRET_ARN, example: "arn:aws:secretsmanager:<region>:<account>:secret:<name>" }, problems);
  const parameters = namedArns(value, CONSUMER_ENV.parameters, { arn: PARAMETER_ARN, example: "arn:aws:ssm:<region>:<account>:parameter/<name>" }, problems);
  const parametersCacheSeconds = seconds(CONSUMER_ENV.parametersCacheSeconds) ?? DEFAULT_PARAMETERS_CACHE_SECONDS;
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
    timeMarginMs,
    ...(secrets ? { secrets } : {}),
    ...(parameters ? { parameters } : {}),
    parametersCacheSeconds,
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

/**
 * A JSON object of handler name → ARN, as the synthesizer writes BULKHEAD_SECRETS and
 * BULKHEAD_PARAMETERS; every bad name or ARN is a problem of its own. Values are never logged, and
 * ARNs are not secret, so the problems quote them.
 */
function namedArns(value: (name: string) => string | undefined, name: string, kind: { arn: RegExp; example: string }, problems: string[]): Record<string, string> | undefined {
  const text = value(name);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${name} must be a JSON object of name → ARN, got '${text.length > 80 ? `${text.slice(0, 80)}…` : text}'`);
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    problems.push(`${name} must be a JSON object of name → ARN, got ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}`);
    return undefined;
  }
  const found: Record<string, string> = {};
  for (const [handlerName, arn] of Object.entries(parsed)) {
    const nameOk = VALUE_NAME.test(handlerName);
    const arnOk = typeof arn === "string" && kind.arn.test(arn);
    if (!nameOk) problems.push(`${name} names ${JSON.stringify(handlerName)}, not a name like paymentApiKey (a letter, then letters, digits, underscores)`);
    if (!arnOk) problems.push(`${name}[${JSON.stringify(handlerName)}] must be an ARN like ${kind.example}, got ${JSON.stringify(arn)}`);
    // Only a checked name becomes a key (so never "__proto__").
    if (nameOk && arnOk) found[handlerName] = arn;
  }
  return found;
}
