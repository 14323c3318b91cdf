import { cli, tempProject } from "./project.js";

/** A project with one shuffle-sharded pattern of n shards, k per tenant, and `tenants` tenants, assigned. */
export function shardedProject(n: number, k: number, tenants: number, service = `shards${n}`): string {
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
  const assigned = cli(root, "shards", "assign", `services/${service}/service.yaml`);
  if (assigned.code !== 0) throw new Error(assigned.stderr);
  return root;
}
