import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadLetterPolicyStatements, queuePolicyStatements } from "../patterns/model/resource-policies.js";
import { resolveService } from "../patterns/model/resolve-service.js";
import type { FunctionModel, PolicyStatement, QueueModel, ResourceRef, ServiceModel } from "../patterns/model/types.js";
import { assignTenants } from "../patterns/shuffle-sharded-queue/assignment.js";
import { parseSpec } from "../patterns/spec/load.js";
import { admits, type Caller } from "./support/policy-evaluator.js";

/** Tenant ids that share prefixes (`a`, `a-b`, `ab`), where a careless prefix condition would leak. */
const tenantSets = fc.uniqueArray(fc.stringMatching(/^[a-c]([a-c-]{0,3}[a-c])?$/), { minLength: 1, maxLength: 12 });
const ACCOUNT = "123456789012";
const OPERATOR = `arn:aws:iam::${ACCOUNT}:role/oncall`;
const TAGGED_ROLES = "arn:aws:iam::210987654321:role/merchant-*";

/** Silos that themselves send to the sharded queue, whose consumer sends to the silos. */
function model(tenants: readonly string[], shards: number): ServiceModel {
  const yaml = `version: 1
service: shop
region: us-east-1
environments: { dev: {} }
tenants: [${tenants.join(", ")}]
operators: ["${OPERATOR}"]
patterns:
  reports:
    type: tenant-isolated-function
    handler: handlers/reports.ts
    reservedConcurrencyPerTenant: 2
    sendsTo: [ingest]
    data: { table: true, bucket: true }
    externalProducers: { taggedRoles: ["${TAGGED_ROLES}"] }
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

/** Every tenant-specific value a statement grants: queue ids, key prefixes, object paths (`*`: X-Ray, which takes no resource). */
function grants(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((s) => [
    ...s.resources.map((r) => (typeof r === "string" ? r : `${r.kind}:${r.id}${r.objects ? `/${r.objects}` : ""}`)),
    ...(s.conditions ?? []).flatMap((c) => c.values),
  ]);
}

const siloTenant = (f: FunctionModel) => (f.tenancy && "tenant" in f.tenancy ? f.tenancy.tenant : undefined);
const silos = (m: ServiceModel): FunctionModel[] => m.functions.filter((f) => siloTenant(f) !== undefined);
const roleArn = (m: ServiceModel) => (ref: ResourceRef) => `arn:aws:iam::${ACCOUNT}:role/${m.functions.find((f) => f.id === ref.id)!.roleName}`;
/** Who a queue (or its DLQ) lets send, as the rendered resource policy says. */
const sendsTo = (m: ServiceModel, q: QueueModel, caller: Caller, dlq = false) =>
  admits(dlq ? deadLetterPolicyStatements(`arn:aws:sqs:us-east-1:${ACCOUNT}:${q.name}-dlq`, q, roleArn(m)) : queuePolicyStatements(`arn:aws:sqs:us-east-1:${ACCOUNT}:${q.name}`, q, roleArn(m)), "sqs:SendMessage", caller);
const served = (tenants: readonly string[], shards: number) => {
  const lock = assignTenants({ shards, shardsPerTenant: 2, tenants }, undefined).assignments;
  return (q: QueueModel): string[] => (q.pattern === "reports" ? [q.id.slice("reports-".length)] : tenants.filter((t) => lock[t]!.includes(Number(q.id.split("-").pop()))));
};

describe("no tenant's role or queue policy admits another tenant's resources or principals", () => {
  it("silo roles reach exactly their own queue, DLQ, keys, items and objects", () => {
    fc.assert(
      fc.property(tenantSets, (tenants) => {
        const m = model(tenants, 4);
        expect(silos(m).map(siloTenant).sort()).toEqual([...tenants].sort());
        for (const fn of silos(m)) {
          const tenant = siloTenant(fn)!;
          const own = `reports-${tenant}`;
          const sendsToShards = Array.from({ length: 4 }, (_, i) => `queue:ingest-shard-${i}`);
          expect(new Set(grants(fn.statements))).toEqual(
            new Set([`queue:${own}`, `dlq:${own}`, "table:idempotency", `${fn.name}#*`, `logGroup:${own}`, "table:reports-data", `${tenant}#*`, `bucket:reports-data/tenants/${tenant}/*`, "bucket:reports-data", `tenants/${tenant}/*`, "*", ...sendsToShards]),
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it("as rendered, each queue admits a tagged principal exactly when it serves that tenant, in the account and from the tagged roles' account", () => {
    fc.assert(
      fc.property(tenantSets, fc.integer({ min: 2, max: 8 }), (tenants, shards) => {
        const m = model(tenants, shards);
        const servedBy = served(tenants, shards);
        for (const q of m.queues.filter((q) => q.access?.tenants)) {
          expect([...q.access!.tenants!].sort()).toEqual(servedBy(q).sort());
          for (const tenant of tenants) {
            const expected = servedBy(q).includes(tenant);
            expect(sendsTo(m, q, { arn: `arn:aws:iam::${ACCOUNT}:role/anything`, tenant })).toBe(expected);
            // Only the silos name tagged roles in another account.
            expect(sendsTo(m, q, { arn: "arn:aws:iam::210987654321:role/merchant-gateway", tenant, otherAccount: true })).toBe(expected && q.pattern === "reports");
            expect(sendsTo(m, q, { arn: "arn:aws:iam::999999999999:role/merchant-gateway", tenant, otherAccount: true })).toBe(false);
          }
          expect(sendsTo(m, q, { arn: `arn:aws:iam::${ACCOUNT}:role/anything` })).toBe(false);
          expect(sendsTo(m, q, { arn: OPERATOR })).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a silo's role sends only as its tenant; the pattern's other senders route for every tenant", () => {
    fc.assert(
      fc.property(tenantSets, fc.integer({ min: 2, max: 8 }), (tenants, shards) => {
        const m = model(tenants, shards);
        const servedBy = served(tenants, shards);
        const ingest = m.functions.find((f) => f.id === "ingest")!;
        for (const q of m.queues.filter((q) => q.access?.tenants)) {
          for (const silo of silos(m)) {
            const caller = { arn: roleArn(m)({ kind: "role", id: silo.id }), tenant: silo.tags.tenant };
            expect(sendsTo(m, q, caller)).toBe(servedBy(q).includes(siloTenant(silo)!));
          }
          if (q.pattern === "reports") expect(sendsTo(m, q, { arn: roleArn(m)({ kind: "role", id: ingest.id }) })).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("a tenant-aware queue's DLQ admits only its consumer: nobody can plant work a redrive would carry in", () => {
    fc.assert(
      fc.property(tenantSets, (tenants) => {
        const m = model(tenants, 4);
        for (const q of m.queues.filter((q) => q.access?.tenants)) {
          const consumer = m.functions.find((f) => f.eventSources.some((e) => e.queue.id === q.id))!;
          expect(sendsTo(m, q, { arn: roleArn(m)({ kind: "role", id: consumer.id }) }, true)).toBe(true);
          for (const tenant of tenants) expect(sendsTo(m, q, { arn: `arn:aws:iam::${ACCOUNT}:role/anything`, tenant }, true)).toBe(false);
          expect(sendsTo(m, q, { arn: OPERATOR }, true)).toBe(false);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("a silo sending to a fan-out", () => {
  it("is trusted by the topic: the topic is not tenant-aware", () => {
    const yaml = `version: 1
service: shop
region: us-east-1
environments: { dev: {} }
tenants: [acme, globex]
patterns:
  reports: { type: tenant-isolated-function, handler: handlers/reports.ts, reservedConcurrencyPerTenant: 2, sendsTo: [events] }
  events: { type: fanout, subscribers: { audit: { handler: handlers/audit.ts } } }
`;
    const m = resolveService(parseSpec("service.yaml", yaml).spec, "dev", { specDir: "services/shop" });
    expect(m.topics[0]!.access.trusted).toEqual([{ kind: "role", id: "reports-acme" }, { kind: "role", id: "reports-globex" }]);
  });
});
