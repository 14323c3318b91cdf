import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveService } from "../patterns/model/resolve-service.js";
import type { FunctionModel, PolicyStatement, ServiceModel } from "../patterns/model/types.js";
import { assignTenants } from "../patterns/shuffle-sharded-queue/assignment.js";
import { parseSpec } from "../patterns/spec/load.js";

/** Tenant ids that share prefixes (`a`, `a-b`, `ab`), where a careless prefix condition would leak. */
const tenantSets = fc.uniqueArray(fc.stringMatching(/^[a-c]([a-c-]{0,3}[a-c])?$/), { minLength: 1, maxLength: 12 });

function model(tenants: readonly string[], shards: number): ServiceModel {
  const yaml = `version: 1
service: shop
region: us-east-1
environments: { dev: {} }
tenants: [${tenants.join(", ")}]
operators: ["arn:aws:iam::123456789012:role/oncall"]
patterns:
  reports:
    type: tenant-isolated-function
    handler: handlers/reports.ts
    reservedConcurrencyPerTenant: 2
    data: { table: true, bucket: true }
    externalProducers: { taggedRoles: ["arn:aws:iam::210987654321:role/merchant-*"] }
  ingest:
    type: shuffle-sharded-queue
    shards: ${shards}
    shardsPerTenant: 2
    consumer: { handler: handlers/ingest.ts, sendsTo: [reports] }
`;
  const { spec } = parseSpec("service.yaml", yaml);
  const lock = assignTenants({ shards, shardsPerTenant: 2, tenants }, undefined);
  return resolveService(spec, "dev", { specDir: "services/shop", shardLocks: { ingest: lock } });
}

/** Every tenant-specific value a statement grants: queue ids, key prefixes, object paths. */
function grants(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) => [
    ...s.resources.map((r) => (typeof r === "string" ? r : `${r.kind}:${r.id}${r.objects ? `/${r.objects}` : ""}`)),
    ...(s.conditions ?? []).flatMap((c) => c.values),
  ]);
}

const silos = (m: ServiceModel): FunctionModel[] => m.functions.filter((f) => f.tenant !== undefined);

describe("no tenant's role or queue policy admits another tenant's resources or principals", () => {
  it("silo roles reach exactly their own queue, DLQ, keys, items and objects", () => {
    fc.assert(
      fc.property(tenantSets, (tenants) => {
        const m = model(tenants, 4);
        expect(silos(m).map((f) => f.tenant).sort()).toEqual([...tenants].sort());
        for (const fn of silos(m)) {
          const own = `reports-${fn.tenant}`;
          expect(new Set(grants(fn.statements))).toEqual(
            new Set([
              `queue:${own}`,
              `dlq:${own}`,
              "table:idempotency",
              `${fn.name}#*`,
              `logGroup:${own}`,
              "table:reports-data",
              `${fn.tenant}#*`,
              `bucket:reports-data/tenants/${fn.tenant}/*`,
              "bucket:reports-data",
              `tenants/${fn.tenant}/*`,
            ]),
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a silo's queue admits only its own tenant; a shard only the tenants assigned to it", () => {
    fc.assert(
      fc.property(tenantSets, fc.integer({ min: 2, max: 8 }), (tenants, shards) => {
        const m = model(tenants, shards);
        for (const fn of silos(m)) {
          const queue = m.queues.find((q) => q.id === fn.eventSources[0]!.queue.id)!;
          expect(queue.access?.tenants).toEqual([fn.tenant]);
        }
        const lock = assignTenants({ shards, shardsPerTenant: 2, tenants }, undefined).assignments;
        const shardQueues = m.queues.filter((q) => q.id.startsWith("ingest-shard-"));
        shardQueues.forEach((queue, shard) => {
          const assigned = tenants.filter((t) => lock[t]!.includes(shard)).sort();
          expect(queue.access?.tenants).toEqual(assigned);
        });
        // The other way round: each tenant can act on exactly its own shards and its own silo.
        for (const tenant of tenants) {
          const admitting = m.queues.filter((q) => q.access?.tenants?.includes(tenant)).map((q) => q.id).sort();
          expect(admitting).toEqual([...lock[tenant]!.map((s) => `ingest-shard-${s}`), `reports-${tenant}`].sort());
        }
      }),
      { numRuns: 60 },
    );
  });

  it("only the pattern's own senders, named routers and operators are trusted whatever the tenant", () => {
    fc.assert(
      fc.property(tenantSets, (tenants) => {
        const m = model(tenants, 4);
        for (const queue of m.queues.filter((q) => q.access)) {
          const expected = queue.id.startsWith("reports-") ? [{ kind: "role", id: "ingest" }, "arn:aws:iam::123456789012:role/oncall"] : ["arn:aws:iam::123456789012:role/oncall"];
          expect(queue.access!.trusted).toEqual(expected);
        }
      }),
      { numRuns: 30 },
    );
  });
});
