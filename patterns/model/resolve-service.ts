import { patternFor } from "../registry.js";
import type { ServiceSpec } from "../spec/schema.js";
import { idempotencyTableName } from "./consumer-function.js";
import type { PatternContext } from "./context.js";
import { DEFAULTS } from "./defaults.js";
import type { ModelPart } from "./part.js";
import type { BackendModel, ResourceRef, ServiceModel, TableModel } from "./types.js";

export interface SpecLocation {
  /** The spec file's folder relative to the project root, with forward slashes. */
  readonly specDir: string;
}

const IDEMPOTENCY_TABLE: ResourceRef = { kind: "table", id: "idempotency" };

/** The whole resolved model of one service in one environment. */
export function resolveService(spec: ServiceSpec, environment: string, where: SpecLocation): ServiceModel {
  const envSpec = spec.environments[environment];
  if (!envSpec) throw new Error(`environment ${environment} is not in the spec`);
  const region = envSpec.region ?? spec.region;
  const parts: ModelPart[] = Object.entries(spec.patterns).map(([pattern, patternSpec]) => {
    const ctx: PatternContext = {
      service: spec.service,
      environment,
      region,
      specDir: where.specDir,
      tenants: spec.tenants ?? [],
      defaults: spec.defaults ?? {},
      idempotencyTable: IDEMPOTENCY_TABLE,
      pattern,
      source: ["patterns", pattern],
    };
    return patternFor(patternSpec.type).resolve(ctx, patternSpec);
  });
  const functions = parts.flatMap((p) => p.functions ?? []);
  return {
    service: spec.service,
    environment,
    stackName: `${spec.service}-${environment}`,
    region,
    accountConcurrency: envSpec.accountConcurrency ?? DEFAULTS.accountConcurrency,
    backend: resolveBackend(spec, environment),
    defaultTags: { service: spec.service, environment, "managed-by": "bulkhead" },
    topics: parts.flatMap((p) => p.topics ?? []),
    queues: parts.flatMap((p) => p.queues ?? []),
    subscriptions: parts.flatMap((p) => p.subscriptions ?? []),
    functions,
    tables: functions.some((f) => f.idempotency) ? [idempotencyTable(spec, environment)] : [],
    parameters: parts.flatMap((p) => p.parameters ?? []),
  };
}

function idempotencyTable(spec: ServiceSpec, environment: string): TableModel {
  return {
    id: IDEMPOTENCY_TABLE.id,
    name: idempotencyTableName({ service: spec.service, environment }),
    hashKey: "id",
    ttlAttribute: "expiration",
    pointInTimeRecovery: true,
    tags: { "bulkhead:pattern": "idempotency" },
    source: ["patterns"],
  };
}

function resolveBackend(spec: ServiceSpec, environment: string): BackendModel {
  const s3 = spec.backend?.s3;
  if (!s3) return { kind: "local", path: DEFAULTS.backend.localPath };
  const prefix = s3.keyPrefix ?? DEFAULTS.backend.s3KeyPrefix;
  return { kind: "s3", bucket: s3.bucket, region: s3.region, key: `${prefix}/${spec.service}/${environment}.tfstate`, useLockfile: true };
}
