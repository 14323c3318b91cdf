import { namePrefix, patternTags, type PatternContext } from "../model/context.js";
import type { ModelPart } from "../model/part.js";
import { resolveQueueConsumer } from "../model/queue-consumer.js";
import { directPayload } from "../model/payload-budget.js";
import { routingTable } from "../model/routing-table.js";
import { tenantSendAccess } from "../model/send-access.js";
import { TENANT_PRINCIPAL_TAG, type FunctionModel, type QueueModel, type ResolutionFinding, type ResourceRef } from "../model/types.js";
import type { ConsumerSpec } from "../spec/common.js";
import { tenantDataAccess, tenantDataStores } from "./data.js";
import type { TenantIsolatedFunctionSpec } from "./spec.js";

/**
 * Per tenant a silo: its own resilient queue, function, reserved concurrency, role, log group and
 * alarms, all tagged with the tenant. Producers reach a tenant's queue through the pattern's
 * routing table (one queue per tenant), and only as that tenant.
 */
export function resolveTenantIsolatedFunction(ctx: PatternContext, spec: TenantIsolatedFunctionSpec): ModelPart {
  const tenants = spec.tenants ?? ctx.tenants;
  const findings = tenantFindings(ctx, spec, tenants);
  const stores = tenantDataStores(ctx, spec.data);
  const { type: _type, reservedConcurrencyPerTenant, tenants: _tenants, overrides = {}, data: _data, externalProducers, maxPayloadBytes, ...shared } = spec;
  const declaredPayload = directPayload(ctx, maxPayloadBytes);
  const queues: QueueModel[] = [];
  const functions: FunctionModel[] = [];
  for (const tenant of tenants) {
    const override = overrides[tenant];
    const overridePath = [...ctx.source, "overrides", tenant];
    const consumer: ConsumerSpec = {
      ...shared,
      reservedConcurrency: override?.reservedConcurrency ?? reservedConcurrencyPerTenant,
      maxConcurrency: override?.maxConcurrency ?? shared.maxConcurrency,
      function: { ...shared.function, ...override?.function },
    };
    const { queues: [queue], fn } = resolveQueueConsumer(ctx, {
      id: `${ctx.pattern}-${tenant}`,
      nameParts: [...namePrefix(ctx), tenant],
      spec: consumer,
      fifo: false,
      messageFormat: "raw",
      producers: [],
      tenancy: { tenant },
      // `tenant` is also the principal tag tenant-aware queues check: the silo's role acts as its tenant.
      tags: patternTags(ctx, { "bulkhead:tenant": tenant, [TENANT_PRINCIPAL_TAG]: tenant }),
      source: ctx.source,
    });
    queues.push({ ...queue!, declaredPayload, access: tenantSendAccess(ctx, [tenant], externalProducers) });
    const access = tenantDataAccess(tenant, stores);
    functions.push({
      ...fn,
      statements: [...fn.statements, ...access.statements],
      environment: { ...fn.environment, ...access.environment },
      settingPaths: {
        ...fn.settingPaths,
        reservedConcurrency: override?.reservedConcurrency !== undefined ? [...overridePath, "reservedConcurrency"] : [...ctx.source, "reservedConcurrencyPerTenant"],
        maxConcurrency:
          override?.maxConcurrency !== undefined
            ? [...overridePath, "maxConcurrency"]
            : shared.maxConcurrency !== undefined
              ? [...ctx.source, "maxConcurrency"]
              : fn.settingPaths.maxConcurrency,
      },
    });
  }
  const assignments = Object.fromEntries(tenants.map((tenant, i) => [tenant, [i]]));
  const { table, parameter } = routingTable(ctx, queues.map((q) => q.name), assignments);
  return {
    queues,
    functions,
    tables: stores.table ? [stores.table] : [],
    buckets: stores.bucket ? [stores.bucket] : [],
    routingTables: [table],
    parameters: [parameter],
    ingress: { targets: queues.map((q): ResourceRef => ({ kind: "queue", id: q.id })), actions: ["sqs:GetQueueUrl", "sqs:SendMessage"], routed: true },
    findings,
  };
}

/** A silo pattern without tenants builds nothing; an override for a tenant it does not serve is a typo. */
function tenantFindings(ctx: PatternContext, spec: TenantIsolatedFunctionSpec, tenants: readonly string[]): ResolutionFinding[] {
  const rule = "tenant-silos-known";
  const findings: ResolutionFinding[] = [];
  if (tenants.length === 0) {
    findings.push({ rule, path: ctx.source, message: `has no tenants: list them in the service's tenants or the pattern's own tenants` });
  }
  for (const tenant of Object.keys(spec.overrides ?? {})) {
    if (tenants.includes(tenant)) continue;
    findings.push({
      rule,
      path: [...ctx.source, "overrides", tenant],
      message: `overrides tenant "${tenant}", which this pattern does not serve (its tenants: ${tenants.join(", ") || "none"})`,
    });
  }
  return findings;
}
