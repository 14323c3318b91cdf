import { patternFor } from "../registry.js";
import type { PatternLock } from "../shuffle-sharded-queue/assignment-types.js";
import type { ServiceSpec } from "../spec/schema.js";
import { idempotencyTableName } from "./consumer-function.js";
import type { PatternContext } from "./context.js";
import { DEFAULTS } from "./defaults.js";
import type { ModelPart } from "./part.js";
import { dashboards } from "./dashboard.js";
import { claimCheckBucket, claimCheckPlans, withClaimCheck } from "./claim-check.js";
import { guardDeadLetters, trustSenderRoles } from "./send-access.js";
import { wireSenders } from "./wire-senders.js";
import { AWS_LIMITS } from "./limits.js";
import { resourceName } from "./naming.js";
import type { AlarmTopicModel, BackendModel, ResourceRef, ServiceModel, TableModel } from "./types.js";

export interface SpecLocation {
  /** The spec file's folder relative to the project root, with forward slashes. */
  readonly specDir: string;
  readonly specFile?: string;
  /** Shard assignments from the spec's lock file, by pattern. */
  readonly shardLocks?: Readonly<Record<string, PatternLock>>;
}

const STACK_TAG = "bulkhead:stack";

const IDEMPOTENCY_TABLE: ResourceRef = { kind: "table", id: "idempotency" };

/** The whole resolved model of one service in one environment. */
export function resolveService(spec: ServiceSpec, environment: string, where: SpecLocation): ServiceModel {
  const envSpec = spec.environments[environment];
  if (!envSpec) throw new Error(`environment ${environment} is not in the spec`);
  const region = envSpec.region ?? spec.region;
  const parts = new Map<string, ModelPart>();
  for (const [pattern, patternSpec] of Object.entries(spec.patterns)) {
    const ctx: PatternContext = {
      service: spec.service,
      environment,
      region,
      specDir: where.specDir,
      tenants: spec.tenants ?? [],
      operators: spec.operators ?? [],
      defaults: spec.defaults ?? {},
      deletionProtection: envSpec.deletionProtection ?? DEFAULTS.deletionProtection,
      tracing: spec.tracing ?? DEFAULTS.tracing,
      idempotencyTable: IDEMPOTENCY_TABLE,
      shardLocks: where.shardLocks ?? {},
      specFile: where.specFile ?? `${where.specDir}/service.yaml`,
      pattern,
      source: ["patterns", pattern],
    };
    parts.set(pattern, patternFor(patternSpec.type).resolve(ctx, patternSpec));
  }
  const all = [...parts.values()];
  const stackName = `${spec.service}-${environment}`;
  const queues = all.flatMap((p) => p.queues ?? []);
  const subscriptions = all.flatMap((p) => p.subscriptions ?? []);
  const topics = all.flatMap((p) => p.topics ?? []);
  const claimChecks = claimCheckPlans(topics, subscriptions, queues);
  const patternOf = (ref: ResourceRef) => queues.find((q) => q.id === ref.id)?.pattern;
  const functions = all
    .flatMap((p) => p.functions ?? [])
    .map((fn) => wireSenders(fn, parts))
    .map((fn) => withClaimCheck(fn, claimChecks, patternOf));
  const model = {
    service: spec.service,
    environment,
    stackName,
    region,
    accountConcurrency: envSpec.accountConcurrency ?? DEFAULTS.accountConcurrency,
    alarmActions: envSpec.alarmTopicArn ? [envSpec.alarmTopicArn] : [],
    ...(envSpec.alarms ? { alarmTopic: alarmTopic(spec.service, environment, envSpec.alarms) } : {}),
    backend: resolveBackend(spec, environment, stackName),
    // `bulkhead:stack` is one tag a budget can filter the stack on (AWS Budgets ORs the values of one filter).
    defaultTags: { service: spec.service, environment, "managed-by": "bulkhead", [STACK_TAG]: stackName },
    topics: trustSenderRoles(topics, functions),
    queues: guardDeadLetters(trustSenderRoles(queues, functions), functions),
    subscriptions,
    functions,
    tables: [...(functions.some((f) => f.idempotency) ? [idempotencyTable(spec, environment)] : []), ...all.flatMap((p) => p.tables ?? [])],
    buckets: [...all.flatMap((p) => p.buckets ?? []), ...(claimChecks.length > 0 ? [claimCheckBucket(spec.service, environment, claimChecks, queues)] : [])],
    parameters: all.flatMap((p) => p.parameters ?? []),
    routingTables: all.flatMap((p) => p.routingTables ?? []),
    claimChecks,
    patterns: [...parts.keys()],
    findings: all.flatMap((p) => p.findings ?? []),
  };
  return {
    ...model,
    dashboards: dashboards(model),
    ...(envSpec.budget ? { budget: { name: `${stackName}-monthly`, monthlyUsd: envSpec.budget.monthlyUsd, notify: envSpec.budget.notify, tags: { [STACK_TAG]: stackName } } } : {}),
  };

}

function alarmTopic(service: string, environment: string, subscribers: { email?: string[]; https?: string[] }): AlarmTopicModel {
  return {
    name: resourceName([service, environment, "alarms"], AWS_LIMITS.snsNameLength),
    keyAlias: `alias/${resourceName([service, environment, "alarms"], AWS_LIMITS.kmsAliasNameLength)}`,
    subscriptions: [
      ...(subscribers.email ?? []).map((endpoint) => ({ protocol: "email" as const, endpoint })),
      ...(subscribers.https ?? []).map((endpoint) => ({ protocol: "https" as const, endpoint })),
    ],
    tags: { "bulkhead:pattern": "alarms" },
  };
}

function idempotencyTable(spec: ServiceSpec, environment: string): TableModel {
  return {
    id: IDEMPOTENCY_TABLE.id,
    name: idempotencyTableName({ service: spec.service, environment }),
    deletionProtection: spec.environments[environment]?.deletionProtection ?? DEFAULTS.deletionProtection,
    hashKey: "id",
    ttlAttribute: "expiration",
    pointInTimeRecovery: true,
    tags: { "bulkhead:pattern": "idempotency" },
    source: ["patterns"],
  };
}

function resolveBackend(spec: ServiceSpec, environment: string, stackName: string): BackendModel {
  const s3 = spec.backend?.s3;
  if (!s3) return { kind: "local", path: DEFAULTS.backend.localStateFile(stackName) };
  const prefix = s3.keyPrefix ?? DEFAULTS.backend.s3KeyPrefix;
  return { kind: "s3", bucket: s3.bucket, region: s3.region, key: `${prefix}/${spec.service}/${environment}.tfstate`, useLockfile: true };
}
