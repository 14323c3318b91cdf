import { ConsumerConfigError } from "./errors.js";

/** The environment variables the synthesizer sets on every consumer function (see README.md). */
export const CONSUMER_ENV = {
  table: "BULKHEAD_IDEMPOTENCY_TABLE",
  keyExpression: "BULKHEAD_IDEMPOTENCY_KEY",
  ttlSeconds: "BULKHEAD_IDEMPOTENCY_TTL_SECONDS",
  messageFormat: "BULKHEAD_MESSAGE_FORMAT",
  queueKind: "BULKHEAD_QUEUE_KIND",
  functionName: "AWS_LAMBDA_FUNCTION_NAME",
} as const;

const MESSAGE_FORMATS = ["sns-envelope", "raw"] as const;
const QUEUE_KINDS = ["standard", "fifo"] as const;
const DEFAULT_TTL_SECONDS = 3600;

export type MessageFormat = (typeof MESSAGE_FORMATS)[number];
export type QueueKind = (typeof QUEUE_KINDS)[number];

export interface ConsumerConfig {
  /** Prefix of every idempotency key; the IAM policy only lets this function touch keys starting `<functionName>#`. */
  functionName: string;
  tableName: string;
  /** JMESPath into the payload; absent means the bulkhead-message-id attribute, else the message id, is the key. */
  keyExpression?: string;
  ttlSeconds: number;
  messageFormat: MessageFormat;
  queueKind: QueueKind;
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

  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const found = required(name);
    if (found !== "" && !allowed.includes(found as T)) {
      problems.push(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(", ")}, got '${found}'`);
    }
    return found as T;
  };

  const ttlText = value(CONSUMER_ENV.ttlSeconds);
  const ttlSeconds = ttlText === undefined ? DEFAULT_TTL_SECONDS : Number(ttlText);
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    problems.push(`${CONSUMER_ENV.ttlSeconds} must be a positive whole number of seconds, got '${ttlText}'`);
  }

  const config: ConsumerConfig = {
    functionName: required(CONSUMER_ENV.functionName),
    tableName: required(CONSUMER_ENV.table),
    keyExpression: value(CONSUMER_ENV.keyExpression),
    ttlSeconds,
    messageFormat: oneOf(CONSUMER_ENV.messageFormat, MESSAGE_FORMATS),
    queueKind: oneOf(CONSUMER_ENV.queueKind, QUEUE_KINDS),
  };
  if (problems.length > 0) {
    throw new ConsumerConfigError(`bulkhead consumer configuration: ${problems.join("; ")}`);
  }
  return config;
}
