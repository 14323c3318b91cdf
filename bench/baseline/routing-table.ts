import { readFileSync } from "node:fs";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object/index.js";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter/index.js";
import { Fn } from "cdktf";
import type { ShardedQueue } from "../service-case.js";
import { SSM_STANDARD_MAX_BYTES } from "./defaults.js";
import { literal } from "./escape.js";
import { privateBucket } from "./private-bucket.js";
import { namePrefix, type StackContext } from "./stack-context.js";

interface LockFile {
  readonly patterns: Readonly<Record<string, { readonly assignments: Readonly<Record<string, readonly number[]>> }>>;
}

const locks = new Map<string, LockFile>();

/** The lock file, read once for all environments, as the program would keep it in a constant. */
function readLock(path: string): LockFile {
  const known = locks.get(path);
  if (known) return known;
  const lock = JSON.parse(readFileSync(path, "utf8")) as LockFile;
  locks.set(path, lock);
  return lock;
}

/** Each tenant's shards, from the lock `bulkhead shards assign` wrote; tenants sorted, as in the lock. */
export function tenantShards(pattern: string, q: ShardedQueue): Record<string, readonly number[]> {
  const assignments = readLock(q.lockFile).patterns[pattern]?.assignments ?? {};
  return Object.fromEntries(
    [...q.tenants].sort().map((tenant) => {
      const shards = assignments[tenant];
      if (!shards) throw new Error(`${q.lockFile}: ${pattern} has no shards for tenant ${tenant}; run bulkhead shards assign`);
      return [tenant, shards];
    }),
  );
}

/**
 * The table producers route by, in the format the shard router and the tenant router read:
 * the pattern's queue names, and each tenant's queues by index (its shards, or its one silo).
 * The functions that route by it have it compiled into their code (see handwritten.ts).
 */
export function routingTableContent(ctx: Pick<StackContext, "service" | "env">, pattern: string): string {
  const prefix = namePrefix(ctx, pattern);
  const sharded = ctx.service.shardedQueues[pattern];
  if (sharded) {
    const queues = Array.from({ length: sharded.shards }, (_, shard) => `${prefix}-${shard}`);
    return JSON.stringify({ version: 1, pattern, queues, tenants: tenantShards(pattern, sharded) });
  }
  const { tenants } = ctx.service.tenantSilos[pattern]!;
  const silos = Object.fromEntries([...tenants].sort().map((tenant) => [tenant, [tenants.indexOf(tenant)]]));
  return JSON.stringify({ version: 1, pattern, queues: tenants.map((tenant) => `${prefix}-${tenant}`), tenants: silos });
}

/**
 * Publishes the routing table for producers outside the service: in an SSM parameter when
 * it fits the free Standard tier, else in a private S3 object that the parameter points to.
 */
export function publishRoutingTable(ctx: StackContext, pattern: string): void {
  const content = routingTableContent(ctx, pattern);
  const service = ctx.service.service;
  const common = { name: `/bulkhead/${service}/${ctx.env}/${pattern}/routing-table`, type: "String", tier: "Standard", tags: { "bulkhead:pattern": pattern } };
  if (Buffer.byteLength(content, "utf8") <= SSM_STANDARD_MAX_BYTES) {
    new SsmParameter(ctx.stack, `${pattern}-routing-table`, { ...common, value: literal(content), description: `Tenant routing table of ${service}/${pattern} (${ctx.env})` });
    return;
  }
  const bucket = privateBucket(ctx.stack, `${pattern}-artifacts`, `${namePrefix(ctx, pattern)}-`, { "bulkhead:pattern": pattern });
  const key = `routing-tables/${pattern}.json`;
  new S3Object(ctx.stack, `${pattern}-routing-table-object`, { bucket: bucket.id, key, content: literal(content), contentType: "application/json" });
  new SsmParameter(ctx.stack, `${pattern}-routing-table`, {
    ...common,
    // The bucket's name as the part of its ARN after `arn:aws:s3:::`.
    value: Fn.jsonencode({ s3: { bucket: Fn.element(Fn.split(":::", bucket.arn), 1), key } }),
    description: `Where the tenant routing table of ${service}/${pattern} (${ctx.env}) is: too large for SSM, it is in S3`,
  });
}
