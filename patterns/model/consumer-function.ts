import type { ConsumerSpec } from "../spec/common.js";
import type { PatternContext } from "./context.js";
import { DEFAULTS } from "./defaults.js";
import { AWS_LIMITS } from "./limits.js";
import { resourceName } from "./naming.js";
import { secretsAccess } from "./secrets-access.js";
import { inheritedOrigin, settingOrigin } from "./setting-origin.js";
import type { FunctionModel, MetricAlarmModel, PolicyStatement, ResourceRef, SpecPath, Tags } from "./types.js";

export type MessageFormat = "raw" | "sns-envelope";

export interface ConsumerFunctionOptions {
  readonly id: string;
  readonly nameParts: readonly string[];
  readonly spec: ConsumerSpec;
  /** The queues it consumes: one, or one per shard. */
  readonly queues: readonly ResourceRef[];
  /** Each event source's maximum concurrency, when the pattern decides it (per shard), and where the spec sets it. */
  readonly maxConcurrencyPerQueue?: { readonly value: number; readonly path: SpecPath };
  readonly fifo: boolean;
  readonly messageFormat: MessageFormat;
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /** Several functions that must recognise each other's work (a priority queue's lanes) share one. */
  readonly idempotency?: IdempotencyScope;
  /** How long a message can come back to this consumer: its queue's retention plus its DLQ's. */
  readonly messageLifetimeSeconds: number;
  readonly tenancy?: ConsumerTenancy;
  readonly tags: Tags;
  readonly source: SpecPath;
}

/**
 * Consumers of tenant-aware queues check each record's `tenant` against what its queue serves,
 * and dead-letter a mismatch unrun: a silo function serves one tenant; a sharded consumer reads
 * which tenants each shard serves from its pattern's routing table, bundled into its code.
 */
export type ConsumerTenancy = NonNullable<FunctionModel["tenancy"]>;

/** The one tenant a silo's function serves; undefined for every other function. */
export function siloTenant(fn: Pick<FunctionModel, "tenancy">): string | undefined {
  return fn.tenancy && "tenant" in fn.tenancy ? fn.tenancy.tenant : undefined;
}

export interface IdempotencyScope {
  /** Prefix of the keys, and of the IAM condition on them: by default the function name. */
  readonly prefix: string;
  /** How long a key is remembered: by default bulkhead's idempotency TTL. */
  readonly ttlSeconds: number;
}

const FUNCTION_SETTINGS = ["runtime", "architecture", "memoryMb", "timeoutSeconds", "logRetentionDays"] as const;
type FunctionSettingsKey = (typeof FUNCTION_SETTINGS)[number];

/**
 * Function settings after defaults: spec's own, then the service's, then bulkhead's; with
 * where each is written (`source` is the consumer's spec path).
 */
function effectiveFunctionSettings(ctx: PatternContext, spec: ConsumerSpec, source: SpecPath) {
  const own = spec.function ?? {};
  const service = ctx.defaults.function ?? {};
  const pick = <K extends FunctionSettingsKey>(key: K) => own[key] ?? service[key] ?? DEFAULTS.function[key];
  const origin = inheritedOrigin("function", own, service, source);
  return {
    values: {
      runtime: pick("runtime"),
      architecture: pick("architecture"),
      memoryMb: pick("memoryMb"),
      timeoutSeconds: pick("timeoutSeconds"),
      logRetentionDays: pick("logRetentionDays"),
    },
    paths: Object.fromEntries(FUNCTION_SETTINGS.map((key) => [key, origin(key)])) as Record<FunctionSettingsKey, SpecPath>,
  };
}

function effectiveBatching(spec: ConsumerSpec) {
  return {
    batchSize: spec.batchSize ?? DEFAULTS.consumer.batchSize,
    batchingWindowSeconds: spec.batchingWindowSeconds ?? DEFAULTS.consumer.batchingWindowSeconds,
  };
}

/** A Lambda function that consumes one queue: its own role, log group, alarms and bounded concurrency. */
export function resolveConsumerFunction(ctx: PatternContext, o: ConsumerFunctionOptions): FunctionModel {
  const { values: settings, paths: settingPaths } = effectiveFunctionSettings(ctx, o.spec, o.source);
  const batching = effectiveBatching(o.spec);
  const name = resourceName(o.nameParts, AWS_LIMITS.lambdaNameLength);
  const window = idempotencyWindow(ctx, o);
  const scope = o.idempotency ?? { prefix: name, ttlSeconds: window.seconds };
  const logGroup: ResourceRef = { kind: "logGroup", id: o.id };
  const statements: PolicyStatement[] = [
    {
      sid: "ConsumeQueue",
      // What the event source mapping polls with; the runtime never changes a message's visibility.
      actions: ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
      resources: o.queues,
    },
    {
      sid: "IdempotencyRecords",
      actions: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
      resources: [ctx.idempotencyTable],
      // Keys are `<function name>#<hash>` (or the shared scope's): a consumer reaches only its own records.
      conditions: [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: [`${scope.prefix}#*`] }],
    },
    { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [logGroup] },
  ];
  if (ctx.tracing) {
    // X-Ray takes no resource-level permissions: `*` is the only resource it accepts.
    statements.push({ sid: "WriteTraces", actions: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], resources: ["*"] });
  }
  const secrets = secretsAccess(o.spec, ctx.region);
  statements.push(...secrets.statements);
  if (o.tenancy) {
    // A record for a tenant its queue does not serve goes straight to that queue's DLQ.
    const deadLetters = o.queues.map((q): ResourceRef => ({ kind: "dlq", id: q.id }));
    statements.push({ sid: "DeadLetterOtherTenants", actions: ["sqs:GetQueueUrl", "sqs:SendMessage"], resources: deadLetters });
  }
  const own = (key: keyof ConsumerSpec) => settingOrigin([[o.spec[key], [...o.source, key]]], o.source);
  const concurrency = o.maxConcurrencyPerQueue ?? boundedConcurrency(o.spec, o.source);
  return {
    id: o.id,
    name,
    entry: o.spec.handler,
    specDir: ctx.specDir,
    ...settings,
    tracing: ctx.tracing,
    reservedConcurrency: o.spec.reservedConcurrency,
    ...(o.tenancy ? { tenancy: o.tenancy } : {}),
    environment: {
      POWERTOOLS_SERVICE_NAME: ctx.service,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(ctx),
      BULKHEAD_IDEMPOTENCY_TABLE: idempotencyTableName(ctx),
      BULKHEAD_IDEMPOTENCY_TTL_SECONDS: String(scope.ttlSeconds),
      ...(o.idempotency ? { BULKHEAD_IDEMPOTENCY_SCOPE: scope.prefix } : {}),
      ...(o.spec.idempotencyKey ? { BULKHEAD_IDEMPOTENCY_KEY: o.spec.idempotencyKey } : {}),
      BULKHEAD_MESSAGE_FORMAT: o.messageFormat,
      BULKHEAD_QUEUE_KIND: o.fifo ? "fifo" : "standard",
      BULKHEAD_TIME_MARGIN_MS: String(timeGuardMarginMs(settings.timeoutSeconds)),
      // Powertools' Tracer would still write segments with active tracing off.
      ...(ctx.tracing ? {} : { POWERTOOLS_TRACE_ENABLED: "false" }),
      ...tenancyEnvironment(o.tenancy),
      ...secrets.environment,
      ...o.extraEnvironment,
    },
    roleName: resourceName(o.nameParts, AWS_LIMITS.iamRoleNameLength),
    statements,
    eventSources: o.queues.map((queue) => ({
      queue,
      batchSize: batching.batchSize,
      maximumBatchingWindowSeconds: batching.batchingWindowSeconds,
      maximumConcurrency: concurrency.value,
      reportBatchItemFailures: true,
    })),
    sendsTo: o.spec.sendsTo ?? [],
    feeds: [],
    routingTables: o.tenancy && "pattern" in o.tenancy ? [o.tenancy.pattern] : [],
    allowSelfFeed: o.spec.consumesOwnOutput ?? false,
    idempotency: { table: ctx.idempotencyTable, keyExpression: o.spec.idempotencyKey, ttlSeconds: scope.ttlSeconds },
    alarms: {
      errorsThreshold: DEFAULTS.alarms.errorsThreshold,
      throttlesThreshold: DEFAULTS.alarms.throttlesThreshold,
      periodSeconds: DEFAULTS.alarms.periodSeconds,
    },
    metricAlarms: [failedRecordsAlarm(ctx, name)],
    tags: o.tags,
    source: o.source,
    settingPaths: {
      ...settingPaths,
      batchSize: own("batchSize"),
      batchingWindowSeconds: own("batchingWindowSeconds"),
      maxConcurrency: concurrency.path,
      reservedConcurrency: own("reservedConcurrency"),
      idempotencyWindowSeconds: o.idempotency ? o.source : window.path,
    },
  };
}

/** The consumer's own window, else the service's default, else the whole time a message can come back. */
function idempotencyWindow(ctx: PatternContext, o: ConsumerFunctionOptions): { seconds: number; path: SpecPath } {
  const own = o.spec.idempotencyWindowSeconds;
  const service = ctx.defaults.consumer?.idempotencyWindowSeconds;
  return {
    seconds: own ?? service ?? o.messageLifetimeSeconds,
    path: settingOrigin([[own, [...o.source, "idempotencyWindowSeconds"]], [service, ["defaults", "consumer", "idempotencyWindowSeconds"]]], o.source),
  };
}

/**
 * How close to its timeout a consumer stops starting records: a quarter of the timeout, within
 * 1 to 3 s. A fixed 3 s would leave a 3 s function time for one record a batch, and defer the rest
 * every delivery until healthy work reaches the DLQ unrun.
 */
export function timeGuardMarginMs(timeoutSeconds: number): number {
  const { min, max, shareOfTimeout } = DEFAULTS.timeGuardMarginMs;
  return Math.round(Math.min(max, Math.max(min, timeoutSeconds * 1000 * shareOfTimeout)));
}

/**
 * With partial batch responses a failing record is not a Lambda error, so the Errors alarm stays
 * quiet while records fail: the runtime's own `failed` count is alarmed on instead.
 */
function failedRecordsAlarm(ctx: PatternContext, functionName: string): MetricAlarmModel {
  return {
    id: "failed",
    namespace: metricsNamespace(ctx),
    metricName: "failed",
    dimensions: { service: ctx.service, function: functionName },
    statistic: "Sum",
    threshold: DEFAULTS.alarms.failedRecordsThreshold,
    periodSeconds: DEFAULTS.alarms.periodSeconds,
    description: `${functionName} reported records for retry: they fail, retry and then go to the DLQ (Lambda's Errors does not count them).`,
  };
}

function tenancyEnvironment(tenancy: ConsumerTenancy | undefined): Record<string, string> {
  if (!tenancy) return {};
  return "tenant" in tenancy ? { BULKHEAD_TENANT: tenancy.tenant } : { BULKHEAD_TENANCY_PATTERN: tenancy.pattern };
}

/**
 * The event source mapping's cap: the spec's `maxConcurrency`; else, for a function with reserved
 * concurrency, the reserved value (the mapping then never polls more batches than the function may
 * run, so Lambda does not throttle the poller and push healthy messages towards the DLQ); else
 * bulkhead's default. The mapping accepts at most 1000.
 */
export function boundedConcurrency(spec: ConsumerSpec, source: SpecPath): { value: number; path: SpecPath } {
  if (spec.maxConcurrency !== undefined) return { value: spec.maxConcurrency, path: [...source, "maxConcurrency"] };
  if (spec.reservedConcurrency !== undefined) {
    return { value: Math.min(spec.reservedConcurrency, AWS_LIMITS.eventSourceMaxConcurrency), path: [...source, "reservedConcurrency"] };
  }
  return { value: DEFAULTS.consumer.maxConcurrency, path: source };
}

/** Where the runtime's EMF metrics go; each carries the dimensions `service` and `function` (the function name). */
export function metricsNamespace(ctx: Pick<PatternContext, "service">): string {
  return `bulkhead/${ctx.service}`;
}

export function idempotencyTableName(ctx: Pick<PatternContext, "service" | "environment">): string {
  return resourceName([ctx.service, ctx.environment, "idempotency"], AWS_LIMITS.dynamodbTableNameLength);
}
