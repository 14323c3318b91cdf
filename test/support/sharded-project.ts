import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempProject } from "./project.js";

/** A project with one shuffle-sharded pattern of n shards, k per tenant, and `tenants` tenants, assigned. */
export async function shardedProject(n: number, k: number, tenants: number, service = `shards${n}`): Promise<string> {
  const ids = Array.from({ length: tenants }, (_, i) => `tenant-${String(i).padStart(4, "0")}`);
  const spec = `version: 1
service: ${service}
region: us-east-1
environments:
  dev: {}
tenants: [${ids.join(", ")}]
patterns:
  ingest:
    type: shuffle-sharded-queue
    shards: ${n}
    shardsPerTenant: ${k}
    consumer:
      handler: handlers/ingest.ts
      maxConcurrencyPerShard: 3
`;
  const root = tempProject(spec, ["handlers/ingest.ts"], service);
  const assigned = await cli(root, "shards", "assign", `services/${service}/service.yaml`);
  if (assigned.code !== 0) throw new Error(assigned.stderr);
  return root;
}

/**
 * A service whose fan-out subscriber sends to its shuffle-sharded queue: the producer
 * imports the bundled routing table, as a generated producer does.
 */
export async function producerProject(): Promise<string> {
  const spec = `version: 1
service: shop
region: us-east-1
environments:
  dev: {}
tenants: [acme, globex, initech]
patterns:
  ingest:
    type: shuffle-sharded-queue
    shards: 4
    shardsPerTenant: 2
    consumer: { handler: handlers/ingest.ts }
  signups:
    type: fanout
    subscribers:
      onboarding: { handler: handlers/onboarding.ts, sendsTo: [ingest] }
`;
  const root = tempProject(spec, ["handlers/ingest.ts"], "shop");
  const producer = `import { bundledRoutingTable } from "${join(process.cwd(), "handlers/producing/bundled-routing-tables.js")}";
export const handler = async () => bundledRoutingTable("ingest");
`;
  writeFileSync(join(root, "services/shop/handlers/onboarding.ts"), producer);
  const assigned = await cli(root, "shards", "assign", "services/shop/service.yaml");
  if (assigned.code !== 0) throw new Error(assigned.stderr);
  return root;
}
