import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempProject } from "./support/project.js";

function spec(tenants: string[], settings = "shards: 8\n    shardsPerTenant: 2"): string {
  return `version: 1
service: shop
region: us-east-1
environments:
  dev: {}
tenants: [${tenants.join(", ")}]
patterns:
  ingest:
    type: shuffle-sharded-queue
    ${settings}
    consumer: { handler: handlers/ingest.ts }
`;
}

const SPEC = "services/shop/service.yaml";
const lockOf = (root: string) => JSON.parse(readFileSync(join(root, "services/shop/service.shards.lock.json"), "utf8")).patterns.ingest;

describe("bulkhead shards", () => {
  it("assign gives every tenant a set, never moves one, frees removed ones, and synth only reads the lock", async () => {
    const root = tempProject(spec(["acme", "globex", "initech"]), ["handlers/ingest.ts"], "shop");
    const first = await cli(root, "shards", "assign", SPEC);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("ingest: 3 tenants on 8 shards (3 added, 0 removed, 0 unchanged)");
    const before = lockOf(root).assignments;

    writeFileSync(join(root, SPEC), spec(["acme", "initech", "umbrella", "hooli"]));
    const pending = await cli(root, "synth");
    expect(pending.code, pending.stdout).toBe(1);
    expect(pending.stderr).toMatch(/tenants\[2\]: tenant "umbrella" has no shard set in the lock; run `bulkhead shards assign services\/shop\/service\.yaml`/);
    expect(pending.stderr).toMatch(/warning: tenant "globex" is in the lock but no longer in the spec/);

    expect((await cli(root, "shards", "assign", SPEC)).stdout).toContain("4 tenants on 8 shards (2 added, 1 removed, 2 unchanged)");
    const after = lockOf(root).assignments;
    expect(after.acme).toEqual(before.acme);
    expect(after.initech).toEqual(before.initech);
    expect(after.globex).toBeUndefined();
    const synth = await cli(root, "synth");
    expect(synth.code, synth.stderr).toBe(0);

    const text = readFileSync(join(root, "services/shop/service.shards.lock.json"), "utf8");
    const again = await cli(root, "shards", "assign", SPEC);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(root, "services/shop/service.shards.lock.json"), "utf8")).toBe(text);
  });

  it("assign refuses a maxOverlap no assignment can meet, saying how many tenants it allows", async () => {
    const root = tempProject(spec(["a1", "a2", "a3", "a4", "a5"], "shards: 8\n    shardsPerTenant: 2\n    maxOverlap: 0"), ["handlers/ingest.ts"], "shop");
    const run = await cli(root, "shards", "assign", SPEC);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toMatch(/^services\/shop\/service\.yaml:12:17 patterns\.ingest\.maxOverlap: .*4.*\[shard-assignment\]/m);
    expect(run.stderr).toMatch(/shards|maxOverlap/);
  });

  it("report prints balance and blast radius beside a stateless hash of the same tenants", async () => {
    const root = tempProject(spec(Array.from({ length: 20 }, (_, i) => `t${i}`)), ["handlers/ingest.ts"], "shop");
    expect((await cli(root, "shards", "report", SPEC)).stderr).toMatch(/run: bulkhead shards assign/);
    await cli(root, "shards", "assign", SPEC);
    const report = await cli(root, "shards", "report", SPEC);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/20 tenants, n=8 shards, k=2 per tenant, C\(n,k\)=28 distinct sets/);
    expect(report.stdout).toMatch(/tenants sharing their whole set\s+0\s+\d+/);
    expect(report.stdout).toMatch(/flood one tenant: others losing all \(worst \/ mean\)\s+0 \/ 0\s+/);
  });

  it("a broken lock file is a located error, not a stack trace", async () => {
    const root = tempProject(spec(["acme"]), ["handlers/ingest.ts"], "shop");
    writeFileSync(join(root, "services/shop/service.shards.lock.json"), "{ not json");
    const run = await cli(root, "check");
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toMatch(/^services\/shop\/service\.shards\.lock\.json:1:1: /m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
