/**
 * The resolved model: every decision a stack needs, made by pure functions and
 * free of cdktf. Constructs translate it one-to-one into resources.
 *
 * Resources refer to each other by `ResourceRef` (a kind and a model id), because
 * ARNs only exist once Terraform knows the account; names are decided here.
 */

import type { ClaimCheckPlan } from "./claim-check.js";

/** Where in the spec a model element comes from, for located findings. */
export type SpecPath = readonly (string | number)[];

export type ResourceKind = "queue" | "dlq" | "topic" | "table" | "function" | "role" | "logGroup" | "parameter" | "bucket";

export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly id: string;
  /** Within a bucket: the objects a statement covers (`tenants/acme/*`); the bucket itself when absent. */
  readonly objects?: string;
}

export type Tags = Readonly<Record<string, string>>;

export interface ServiceModel {
  readonly service: string;
  readonly environment: string;
  /** Stack folder name: `<service>-<env>`. */
  readonly stackName: string;
  readonly region: string;
  readonly accountConcurrency: number;
  /** Where every alarm of the stack notifies (the environment's `alarmTopicArn`); empty when none, or when bulkhead creates the topic. */
  readonly alarmActions: readonly string[];
  /** The alarm topic bulkhead creates for the environment (`alarms` in the spec); alarms then notify it. */
  readonly alarmTopic?: AlarmTopicModel;
  /** One or more dashboards, laid out from the front door down (several when one would exceed CloudWatch's quotas). */
  readonly dashboards: readonly DashboardModel[];
  readonly budget?: BudgetModel;
  readonly backend: BackendModel;
  /** Provider default tags: service, environment, managed-by, bulkhead:stack. */
  readonly defaultTags: Tags;
  readonly topics: readonly TopicModel[];
  readonly queues: readonly QueueModel[];
  readonly subscriptions: readonly SubscriptionModel[];
  readonly functions: readonly FunctionModel[];
  readonly tables: readonly TableModel[];
  /** Buckets of data the patterns declare (routing-table buckets live with their table). */
  readonly buckets: readonly BucketModel[];
  readonly parameters: readonly ParameterModel[];
  readonly routingTables: readonly RoutingTableModel[];
  /** Patterns whose payloads some hop cannot carry: they travel by reference through the claim-check bucket. */
  readonly claimChecks: readonly ClaimCheckPlan[];
  /** Pattern names, for rules that check references between patterns. */
  readonly patterns: readonly string[];
  /** Problems the resolvers found (e.g. a tenant with no shard assignment yet). */
  readonly findings: readonly ResolutionFinding[];
}

export interface ResolutionFinding {
  readonly rule: string;
  /** Errors unless said otherwise. */
  readonly severity?: "error" | "warning";
  readonly path: SpecPath;
  readonly message: string;
}

export type BackendModel =
  /** `path`: relative to the project root; the stack translates it to one relative to its own folder. */
  | { readonly kind: "local"; readonly path: string }
  | {
      readonly kind: "s3";
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      /** S3-native state locking (a lock file beside the state object). */
      readonly useLockfile: true;
    };

/** A CloudWatch dashboard; `body` is the DashboardBody JSON, decided here and rendered as is. */
export interface DashboardModel {
  readonly name: string;
  readonly body: { readonly widgets: readonly DashboardWidget[] };
}

export type DashboardWidget =
  | { readonly type: "text"; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly properties: { readonly markdown: string } }
  | {
      readonly type: "metric";
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly properties: {
        readonly title: string;
        readonly region: string;
        readonly view: "timeSeries";
        readonly stacked: false;
        readonly period: number;
        readonly stat: string;
        /** CloudWatch's metric arrays: namespace, name, dimension pairs, then optional rendering options. */
        readonly metrics: readonly (readonly (string | Readonly<Record<string, string>>)[])[];
      };
    };

/** An AWS Budgets cost budget for the stack's resources, with alerts at 80% and 100%, actual and forecast. */
export interface BudgetModel {
  readonly name: string;
  readonly monthlyUsd: number;
  readonly notify: readonly string[];
  /** The cost allocation tag the budget filters on (it must be activated in the billing console). */
  readonly tags: Readonly<Record<string, string>>;
}

/** An alarm topic of the stack's own, encrypted with its own key, whose policy lets CloudWatch use it. */
export interface AlarmTopicModel {
  readonly name: string;
  readonly keyAlias: string;
  readonly subscriptions: readonly { readonly protocol: "email" | "https"; readonly endpoint: string }[];
  readonly tags: Tags;
}

export interface TopicModel {
  readonly id: string;
  readonly name: string;
  readonly fifo: boolean;
  /** KMS key for encryption at rest (an alias; the AWS managed key by default). */
  readonly kmsKeyId: string;
  readonly maxPayloadBytes: number;
  /** X-Ray active tracing: SNS passes the trace on to the queues it delivers to. */
  readonly tracing: boolean;
  /** Who may publish; everyone else is denied by the topic's policy. */
  readonly access: SendAccessModel;
  readonly tags: Tags;
  readonly source: SpecPath;
}

/**
 * Who may send to a queue or publish to a topic, beyond the AWS services its policy admits (SNS for
 * a subscription's queue). The resource policy denies every other principal; named principals
 * outside the account are allowed by it as well.
 */
export interface SendAccessModel {
  /** The pattern whose senders (functions with it in `sendsTo`) are trusted. */
  readonly pattern: string;
  /**
   * Principals that may send whatever the tenant: the roles of the pattern's senders, filled in once
   * every pattern is resolved, plus the spec's routers, publishers and operators (IAM ARN patterns).
   */
  readonly trusted: readonly (ResourceRef | string)[];
  /**
   * Tenant-aware queues: a principal tagged `tenant` with one of these may send too (the tenants
   * the queue serves); so may the spec's tagged roles, from any account, as one of these tenants.
   */
  readonly tenants?: readonly string[];
  readonly taggedRoles?: readonly string[];
  /** Where the pattern names its outside senders, for findings. */
  readonly source: SpecPath;
}

/** The principal tag that names the tenant a role or session acts for. */
export const TENANT_PRINCIPAL_TAG = "tenant";

/** Who a queue's policy lets send to it besides its own service's roles: an SNS topic. */
export interface Producer {
  readonly kind: "topic";
  readonly topic: ResourceRef;
}

/**
 * Where each effective setting of a model element is written, so that a finding about it
 * points at the line to change: the element's own key, the `defaults` key it inherits
 * (`["defaults", "function", "timeoutSeconds"]`), or the element itself when the value is
 * bulkhead's built-in default.
 */
export type SettingPaths<K extends string> = Readonly<Record<K, SpecPath>>;

export type QueueSetting = "visibilityTimeoutSeconds" | "messageRetentionSeconds" | "maxReceiveCount" | "oldestMessageAlarmSeconds";

export type FunctionSetting =
  | "runtime"
  | "architecture"
  | "memoryMb"
  | "timeoutSeconds"
  | "logRetentionDays"
  | "batchSize"
  | "batchingWindowSeconds"
  | "maxConcurrency"
  | "reservedConcurrency"
  | "idempotencyWindowSeconds";

export interface DeadLetterQueueModel {
  readonly name: string;
  readonly messageRetentionSeconds: number;
  /** Producers besides the source queue's redrive (an SNS subscription's redrive). */
  readonly producers: readonly Producer[];
  /**
   * On a tenant-aware queue's DLQ, who may send to it: its consumers, dead-lettering another
   * tenant's record. Anyone else could plant work that a redrive would carry in as trusted.
   */
  readonly access?: SendAccessModel;
}

export interface QueueModel {
  readonly id: string;
  readonly name: string;
  /** The pattern the queue belongs to. */
  readonly pattern: string;
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  readonly messageRetentionSeconds: number;
  readonly receiveWaitTimeSeconds: number;
  readonly maxMessageSizeBytes: number;
  readonly maxReceiveCount: number;
  /** Absent only in hand-made models; the `queue-dead-letter` rule says so. */
  readonly deadLetterQueue?: DeadLetterQueueModel;
  readonly producers: readonly Producer[];
  readonly alarms: QueueAlarmsModel;
  /** The largest body producers send straight to this queue, when its pattern declares one (not via SNS). */
  readonly declaredPayload?: DeclaredPayloadModel;
  /** Set on the lanes of a priority queue. */
  readonly priorityLane?: PriorityLaneModel;
  /** Who may send to the queue; absent: any principal the account's IAM lets (subscription queues admit only their topic). */
  readonly access?: SendAccessModel;
  readonly tags: Tags;
  readonly source: SpecPath;
  readonly settingPaths: SettingPaths<QueueSetting>;
}

export interface DeclaredPayloadModel {
  readonly bytes: number;
  /** Message attributes the pattern's producers stamp, beyond the allowance every message gets. */
  readonly patternAttributeBytes: number;
  readonly source: SpecPath;
}

/** How a priority lane treats aged work; ages count from the first enqueue, across lanes. */
export interface PriorityLaneModel {
  readonly pattern: string;
  readonly lane: "high" | "low" | "surge";
  /** Older work is moved to `deferTo` unrun (high and surge lanes only). */
  readonly deferAfterSeconds?: number;
  readonly deferTo?: ResourceRef;
  /** Older work is dropped, counted and alarmed, in every lane. */
  readonly expireAfterSeconds: number;
  /** The pattern's spec path, where deferAfterSeconds and expireAfterSeconds are written. */
  readonly source: SpecPath;
}

export interface QueueAlarmsModel {
  /** Alarm when the DLQ holds at least this many visible messages. */
  readonly deadLetterDepth: number;
  /** Alarm when the oldest message in the queue is this old. */
  readonly oldestMessageAgeSeconds: number;
}

export type FilterPolicyScope = "MessageAttributes" | "MessageBody";

export interface SubscriptionModel {
  readonly id: string;
  readonly topic: ResourceRef;
  readonly queue: ResourceRef;
  readonly rawMessageDelivery: boolean;
  readonly filterPolicy?: Readonly<Record<string, unknown>>;
  readonly filterPolicyScope: FilterPolicyScope;
  /** Where SNS puts messages it cannot deliver; absent only in hand-made models. */
  readonly deadLetterQueue?: ResourceRef;
  readonly source: SpecPath;
}

export interface PolicyStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  /** ARNs by reference; a literal string only where no ARN is known (e.g. `*` for metrics). */
  readonly resources: readonly (ResourceRef | string)[];
  readonly conditions?: readonly PolicyCondition[];
}

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface EventSourceModel {
  readonly queue: ResourceRef;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  /** The mapping's maximum concurrency (2..1000); bounds the consumer without reserving. */
  readonly maximumConcurrency?: number;
  readonly reportBatchItemFailures: boolean;
}

export interface FunctionModel {
  readonly id: string;
  readonly name: string;
  /** Handler entry file, relative to the spec's folder. */
  readonly entry: string;
  /** Path of the spec's folder relative to the project root, for bundling. */
  readonly specDir: string;
  readonly runtime: string;
  readonly architecture: "arm64" | "x86_64";
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** X-Ray active tracing; the role may then write trace segments. */
  readonly tracing: boolean;
  readonly reservedConcurrency?: number;
  /**
   * Set on consumers of tenant-aware queues: a silo serves one tenant (and acts as it when it
   * sends); a shard consumer checks each record against its pattern's routing table.
   */
  readonly tenancy?: { readonly tenant: string } | { readonly pattern: string };
  /** Literal values, or the ARN of a resource of the stack. */
  readonly environment: Readonly<Record<string, string | ResourceRef>>;
  readonly logRetentionDays: number;
  readonly roleName: string;
  readonly statements: readonly PolicyStatement[];
  readonly eventSources: readonly EventSourceModel[];
  /** Patterns the spec says this function sends to. */
  readonly sendsTo: readonly string[];
  /** Queues (or topics) this function publishes to; consuming one of them is a loop. */
  readonly feeds: readonly ResourceRef[];
  /** Patterns whose tenant routing tables are bundled into the function's code. */
  readonly routingTables: readonly string[];
  /** Set when the spec explicitly allows a function to consume a queue it feeds. */
  readonly allowSelfFeed: boolean;
  readonly idempotency?: {
    readonly table: ResourceRef;
    readonly keyExpression?: string;
    /** How long a processed key is remembered. */
    readonly ttlSeconds: number;
  };
  readonly alarms: FunctionAlarmsModel;
  /** Alarms on metrics the runtime emits (EMF), e.g. work a priority lane dropped as expired. */
  readonly metricAlarms: readonly MetricAlarmModel[];
  readonly tags: Tags;
  readonly source: SpecPath;
  /** Where the runtime, timeout, batching and concurrency settings are written (see SettingPaths). */
  readonly settingPaths: SettingPaths<FunctionSetting>;
}

export interface FunctionAlarmsModel {
  readonly errorsThreshold: number;
  readonly throttlesThreshold: number;
  readonly periodSeconds: number;
}

export interface MetricAlarmModel {
  /** Unique within the function. */
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Sum" | "Maximum";
  /** Alarm when the period's statistic reaches this. */
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly description: string;
}

/** An on-demand, encrypted DynamoDB table with string keys. */
export interface TableModel {
  readonly id: string;
  readonly name: string;
  /** Refuses `terraform destroy` (and any replacement) until turned off. */
  readonly deletionProtection: boolean;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly ttlAttribute?: string;
  readonly pointInTimeRecovery: true;
  readonly tags: Tags;
  readonly source: SpecPath;
}

/** An SSM parameter, e.g. a published routing table or the pointer to one in S3. */
export interface ParameterModel {
  readonly id: string;
  readonly name: string;
  readonly value: ParameterValue;
  readonly description: string;
  readonly tags: Tags;
  readonly source: SpecPath;
}

/** Literal text, or a pointer to an S3 object whose bucket name AWS assigns at apply. */
export type ParameterValue =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "s3-pointer"; readonly bucket: ResourceRef; readonly key: string };

/** Which tenant goes to which shard queues: bundled into producers, published for outsiders. */
export interface RoutingTableModel {
  readonly pattern: string;
  /** The routing table as JSON: queue names by shard, shard indexes by tenant. */
  readonly content: string;
  readonly publication:
    | { readonly kind: "ssm"; readonly parameter: string }
    | { readonly kind: "s3"; readonly parameter: string; readonly bucket: BucketModel; readonly key: string };
  readonly source: SpecPath;
}

/** A private, encrypted, TLS-only bucket for artifacts too large for SSM. */
export interface BucketModel {
  readonly id: string;
  /** AWS adds a unique suffix: bucket names are global. */
  readonly namePrefix: string;
  /** Versioned unless said otherwise. */
  readonly versioned?: boolean;
  /** Objects are deleted this many days after they are written. */
  readonly expireAfterDays?: number;
  readonly tags: Tags;
}
