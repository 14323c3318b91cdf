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
  };
  if (problems.length > 0) {
    throw new ConsumerConfigError(`bulkhead consumer configuration: ${problems.join("; ")}`);
  }
  return config;
}
