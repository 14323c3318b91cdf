import { tenantTask } from "../payloads.js";
import { tenancy, type HandlerPlan, type PatternContext, type PatternPlan } from "../plan.js";

/** A silo per tenant, one handler for all. */
export function tenantIsolatedFunction(name: string, ctx: PatternContext): PatternPlan {
  const tenant = ctx.tenants[0]!;
  const payload = tenantTask(name, tenant);
  const handler: HandlerPlan = {
    file: `handlers/${name}.ts`,
    test: `handlers/${name}.test.ts`,
    payload,
    businessFunction: "processTask",
    doc: [
      `Runs one task in a tenant's own silo of \`${name}\`: this function, its queue, role and reserved concurrency`,
      "serve that tenant alone, and scope.tenant is always it.",
    ],
    placeholder: [
      "Business logic goes here: do the task for this tenant. For tenant data, add `data: { table: true }` to",
      "the pattern and use scope.tenantData.table, whose rows are already limited to this tenant.",
    ],
    logMessage: "task done",
    role: `every tenant's silo of \`${name}\``,
    tenant,
  };
  return {
    type: "tenant-isolated-function",
    name,
    spec: { name, handler: handler.file, idempotencyKey: payload.idempotencyKey, ...tenancy(ctx, false) },
    handlers: [handler],
    e2e: {
      title: `a task sent to ${name} for ${tenant} is processed once, in ${tenant}'s silo`,
      payload,
      options: { tenant },
      functions: [{ source: ["patterns", name], tenant }],
    },
  };
}
