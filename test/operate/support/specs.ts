import type { ServiceModel } from "../../../patterns/model/types.js";
import { stackModel } from "../../../operate/stack-model.js";
import { cli, tempProject } from "../../support/project.js";

/**
 * Every pattern and the resources around them, each drawn in full: four shards (with routers,
 * tagged roles and operators), a FIFO fan-out with an outside publisher and a body filter, a
 * fan-out whose payloads go by claim check, two tenant silos with a data table and bucket, and a
 * priority queue without surge.
 */
export const EVERYTHING = `version: 1
service: shop
region: us-east-1
environments:
  dev: {}
operators: ["arn:aws:iam::123456789012:role/oncall"]
tenants: [acme, globex, initech]
patterns:
  intake:
    type: shuffle-sharded-queue
    shards: 4
    shardsPerTenant: 2
    consumer: { handler: handlers/a.ts, maxConcurrencyPerShard: 2, sendsTo: [events, uploads] }
    externalProducers:
      routers: [arn:aws:iam::123456789012:role/gateway]
      taggedRoles: [arn:aws:iam::210987654321:role/merchant-*]
  events:
    type: fanout
    fifo: true
    externalPublishers: [arn:aws:iam::123456789012:role/checkout]
    subscribers:
      ledger: { handler: handlers/b.ts, filter: { order: { total: [{ numeric: [">", 100] }] } }, filterScope: body }
  uploads:
    type: fanout
    maxPayloadBytes: 1048576
    subscribers:
      scan: { handler: handlers/c.ts, function: { memoryMb: 1024 }, sendsTo: [reports] }
  reports:
    type: tenant-isolated-function
    handler: handlers/d.ts
    reservedConcurrencyPerTenant: 2
    tenants: [acme, globex]
    data: { table: true, bucket: true }
  mail:
    type: priority-queue
    deferAfterSeconds: 30
    expireAfterSeconds: 3600
    consumers:
      high: { handler: handlers/e.ts, idempotencyKey: id }
      low: { handler: handlers/f.ts, idempotencyKey: id }
`;

const TENANTS = Array.from({ length: 200 }, (_, i) => `t${String(i).padStart(3, "0")}`);

/** Many shards and silos: each drawn as one summary node; their routing tables outgrow SSM and go to S3. */
export const MANY = `version: 1
service: big
region: us-east-1
environments:
  dev: {}
operators: ["arn:aws:iam::123456789012:role/oncall"]
tenants: [${TENANTS.join(", ")}]
patterns:
  ingest:
    type: shuffle-sharded-queue
    shards: 64
    shardsPerTenant: 4
    consumer: { handler: handlers/a.ts, maxConcurrencyPerShard: 2 }
  silos:
    type: tenant-isolated-function
    handler: handlers/b.ts
    reservedConcurrencyPerTenant: 2
    overrides:
      t003: { reservedConcurrency: 4 }
`;

export const HANDLERS = ["handlers/a.ts", "handlers/b.ts", "handlers/c.ts", "handlers/d.ts", "handlers/e.ts", "handlers/f.ts"];

/** A temp project with the spec (and its shard lock, when it has shards), and its first environment's model. */
export async function fixture(spec: string, service: string): Promise<{ root: string; file: string; model: ServiceModel }> {
  const root = tempProject(spec, HANDLERS, service);
  const file = `services/${service}/service.yaml`;
  if (spec.includes("shuffle-sharded-queue")) {
    const assigned = await cli(root, "shards", "assign", file);
    if (assigned.code !== 0) throw new Error(assigned.stderr);
  }
  return { root, file, model: stackModel(file, root) };
}
