/**
 * What the hand-written baseline reads: the choices a team would keep in a TypeScript
 * object, in the same words as the spec's patterns. Every value the spec leaves out is
 * a constant written out in the baseline program itself, not resolved by bulkhead, so
 * bulkhead's spec handling stays on bulkhead's side of the comparison.
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

/** What every queue consumer has, whichever pattern it belongs to. */
export interface Consumer {
  /** Relative to the spec's folder, as in the spec. */
  readonly handler: string;
  readonly idempotencyKey?: string;
  readonly batchSize?: number;
  readonly batchingWindowSeconds?: number;
  readonly visibilityTimeoutSeconds?: number;
  /** How long a processed message's key is remembered (default: the service's, else the queue's retention plus the DLQ's); not for priority lanes. */
  readonly idempotencyWindowSeconds?: number;
  /** Patterns of the same service the function sends to: fan-outs, priority queues, sharded queues, tenant silos. */
  readonly sendsTo?: readonly string[];
  readonly function?: FunctionSettings;
  readonly queue?: QueueSettings;
}

/** A consumer whose event source mapping is capped by its own settings (a subscriber, a lane). */
export interface BoundedConsumer extends Consumer {
  readonly maxConcurrency?: number;
  readonly reservedConcurrency?: number;
}

export interface Subscriber extends BoundedConsumer {
  readonly filter?: Record<string, unknown>;
  readonly filterScope?: "attributes" | "body";
  readonly rawMessageDelivery?: boolean;
}

export interface ShardConsumer extends Consumer {
  readonly maxConcurrencyPerShard?: number;
}

export interface Fanout {
  readonly subscribers: Readonly<Record<string, Subscriber>>;
  /** Roles outside the service that may publish (IAM ARN patterns); the topic refuses everyone else but the service's own senders. */
  readonly externalPublishers?: readonly string[];
}

/** Who outside the service sends to a tenant-aware queue (sharded queue, tenant silo). */
export interface ExternalProducers {
  /** May send for any tenant. */
  readonly routers?: readonly string[];
  /** Roles, from any account, whose sessions carry the principal tag tenant=<id>: each sends only as that tenant. */
  readonly taggedRoles?: readonly string[];
}

export interface ShardedQueue {
  readonly shards: number;
  /** The tenants to route; their shards are read from the lock file when the stack is built. */
  readonly tenants: readonly string[];
  /** Absolute path of the lock file `bulkhead shards assign` writes beside the spec. */
  readonly lockFile: string;
  readonly consumer: ShardConsumer;
  readonly externalProducers?: ExternalProducers;
}

/** What one tenant's silo changes from the pattern's settings. */
export interface SiloOverride {
  readonly reservedConcurrency?: number;
  readonly maxConcurrency?: number;
  readonly function?: FunctionSettings;
}

/** A tenant-isolated function: per tenant its own queue, DLQ, function, reservation and role. */
export interface TenantSilos extends Consumer {
  readonly maxConcurrency?: number;
  readonly reservedConcurrencyPerTenant: number;
  /** The pattern's own tenants, else the service's. */
  readonly tenants: readonly string[];
  readonly overrides: Readonly<Record<string, SiloOverride>>;
  /** A DynamoDB table (keys pk, sk) the silos share, each reaching only its own tenant's items. */
  readonly dataTable: boolean;
  readonly externalProducers?: ExternalProducers;
}

export interface PriorityQueue {
  readonly deferAfterSeconds: number;
  readonly expireAfterSeconds: number;
  readonly consumers: { readonly high: BoundedConsumer; readonly low: BoundedConsumer };
  readonly surge?: { readonly whenBacklogOver: number; readonly consumer: BoundedConsumer };
}

/** What an environment changes in its stack besides its name. */
export interface Environment {
  /** The SNS topic every alarm of the environment notifies (alarm and OK); none when absent. */
  readonly alarmTopicArn?: string;
  /** Whether the stack's DynamoDB tables refuse deletion; yes when absent. */
  readonly deletionProtection?: boolean;
}

export interface ServiceCase {
  /** Absolute; handlers are bundled from here. */
  readonly projectRoot: string;
  /** The spec's folder relative to projectRoot, with forward slashes. */
  readonly specDir: string;
  readonly service: string;
  readonly region: string;
  /** One stack per environment, as bulkhead makes, by environment name. */
  readonly environments: Readonly<Record<string, Environment>>;
  readonly defaults: { readonly function?: FunctionSettings; readonly queue?: QueueSettings; readonly consumer?: { readonly idempotencyWindowSeconds?: number } };
  /** By pattern name: it names the topic and prefixes every resource of the pattern. */
  readonly fanouts: Readonly<Record<string, Fanout>>;
  /** By pattern name, like fanouts. */
  readonly shardedQueues: Readonly<Record<string, ShardedQueue>>;
  readonly priorityQueues: Readonly<Record<string, PriorityQueue>>;
  readonly tenantSilos: Readonly<Record<string, TenantSilos>>;
  /** Every pattern's name in the spec's order, which orders the senders a policy trusts and the routing tables a bundle holds. */
  readonly patternOrder: readonly string[];
  /** Roles that may send to every tenant-aware queue whatever the tenant (a DLQ redrive). */
  readonly operators: readonly string[];
  /** X-Ray active tracing on every function and topic, as the spec says; on when absent. */
  readonly tracing?: boolean;
}
