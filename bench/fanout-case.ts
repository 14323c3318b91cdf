/**
 * What the hand-written baseline reads: the per-subscriber choices a team would keep
 * in a TypeScript array, in the same words as the spec's fan-out section. Every value
 * the spec leaves out is a constant written out in the baseline program itself, not
 * resolved by bulkhead, so bulkhead's spec handling stays on bulkhead's side of the
 * comparison.
 */
export interface FunctionSettings {
  readonly runtime?: "nodejs20.x" | "nodejs22.x";
  readonly architecture?: "arm64" | "x86_64";
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  readonly logRetentionDays?: number;
}

export interface QueueSettings {
  readonly maxReceiveCount?: number;
  readonly messageRetentionSeconds?: number;
  readonly oldestMessageAlarmSeconds?: number;
}

export interface Subscriber {
  /** Relative to the spec's folder, as in the spec. */
  readonly handler: string;
  readonly filter?: Record<string, unknown>;
  readonly filterScope?: "attributes" | "body";
  readonly rawMessageDelivery?: boolean;
  readonly idempotencyKey?: string;
  readonly batchSize?: number;
  readonly batchingWindowSeconds?: number;
  readonly maxConcurrency?: number;
  readonly reservedConcurrency?: number;
  readonly visibilityTimeoutSeconds?: number;
  readonly function?: FunctionSettings;
  readonly queue?: QueueSettings;
}

export interface FanoutCase {
  /** Absolute; handlers are bundled from here. */
  readonly projectRoot: string;
  /** The spec's folder relative to projectRoot, with forward slashes. */
  readonly specDir: string;
  readonly service: string;
  readonly region: string;
  /** One stack per environment, as bulkhead makes. */
  readonly environments: readonly string[];
  /** The fan-out pattern's name: it names the topic and prefixes every resource. */
  readonly topic: string;
  readonly defaults: { readonly function?: FunctionSettings; readonly queue?: QueueSettings };
  readonly subscribers: Readonly<Record<string, Subscriber>>;
}

/** Subscriber keys the baseline implements; a spec using others cannot be compared. */
export const SUBSCRIBER_KEYS: ReadonlySet<string> = new Set([
  "handler",
  "filter",
  "filterScope",
  "rawMessageDelivery",
  "idempotencyKey",
  "batchSize",
  "batchingWindowSeconds",
  "maxConcurrency",
  "reservedConcurrency",
  "visibilityTimeoutSeconds",
  "function",
  "queue",
]);
