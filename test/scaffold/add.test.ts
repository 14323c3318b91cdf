// `bulkhead add`: a pattern, its handlers and tests added to an existing service, every other line
// of the spec kept as it was (the example's comments, aligned comments and flow maps included).
import { cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../support/project.js";
import { LOCAL_RUNTIME, runGeneratedTests, scaffoldProject, snapshot } from "./support.js";

/**
 * `after` is `before` with one block of lines inserted: returns the block. Fails when any line
 * of `before` changed, moved or went.
 */
function insertedBlock(before: string, after: string): string[] {
  const old = before.split("\n");
  const now = after.split("\n");
  let start = 0;
  while (start < old.length && old[start] === now[start]) start++;
  const inserted = now.length - old.length;
  expect(inserted).toBeGreaterThan(0);
  expect(now.slice(0, start)).toEqual(old.slice(0, start));
  expect(now.slice(start + inserted)).toEqual(old.slice(start));
  return now.slice(start, start + inserted);
}

describe("bulkhead add, to the example service", () => {
  const root = scaffoldProject();
  cpSync(join(process.cwd(), "services", "orders"), join(root, "services", "orders"), { recursive: true });
  const spec = join(root, "services", "orders", "service.yaml");
  const lock = join(root, "services", "orders", "service.shards.lock.json");

  it("adds a priority queue at the end of patterns, keeping every other line of the spec as it was", async () => {
    const before = readFileSync(spec, "utf8");
    const lockBefore = readFileSync(lock, "utf8");
    const run = await cli(root, "add", "priority-queue", "alerts", "services/orders");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")).toEqual([
      "added alerts (priority-queue) to services/orders/service.yaml",
      "  wrote services/orders/handlers/alerts.ts",
      "  wrote services/orders/handlers/alerts.test.ts",
      "  wrote services/orders/e2e-alerts.test.ts",
      "  updated services/orders/service.yaml",
    ]);
    const block = insertedBlock(before, readFileSync(spec, "utf8"));
    expect(block.filter((l) => !l.trimStart().startsWith("#"))[0]).toBe("  alerts:");
    expect(block).toContain("      high: { handler: handlers/alerts.ts, idempotencyKey: jobId, maxConcurrency: 10 }");
    // The example's comment lines, end-of-line comments and their alignment included, are all still there.
    expect(readFileSync(spec, "utf8")).toContain("    deferAfterSeconds: 60       # high-lane work waiting longer moves to the low lane, unrun\n");
    expect(readFileSync(lock, "utf8")).toBe(lockBefore);
  });

  it("adds a shuffle-sharded queue: its tenants' shard sets join the lock, the locked pattern's stay as they were", async () => {
    const before = readFileSync(spec, "utf8");
    const lockBefore = JSON.parse(readFileSync(lock, "utf8"));
    const run = await cli(root, "add", "shuffle-sharded-queue", "uploads", "services/orders/service.yaml");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  updated services/orders/service.shards.lock.json\n  updated services/orders/service.yaml");
    insertedBlock(before, readFileSync(spec, "utf8"));
    const after = JSON.parse(readFileSync(lock, "utf8"));
    expect(after.patterns.ingest).toEqual(lockBefore.patterns.ingest);
    // The example's 12 merchants need 6 shards for each to own a pair of its own.
    expect(after.patterns.uploads).toMatchObject({ n: 6, k: 2, maxOverlap: 1 });
    expect(Object.keys(after.patterns.uploads.assignments)).toHaveLength(12);
    const assigned = await cli(root, "shards", "assign", "services/orders");
    expect(assigned.stdout).toContain("services/orders/service.shards.lock.json is unchanged");
  });

  it("leaves a service that passes check and synth", async () => {
    const checked = await cli(root, "check", "services/orders");
    expect(checked.stderr).toBe("");
    expect(checked.stdout).toMatch(/^1 spec\(s\) pass \d+ guardrails$/);
    const synthesized = await cli(root, "synth", "services/orders", "--out", "out");
    expect(synthesized.stderr).toBe("");
    expect(synthesized.code).toBe(0);
  });

  it(`whose added tests pass unchanged${LOCAL_RUNTIME ? ", end to end included" : ""}`, async () => {
    // The copy's own end-to-end tests (services/orders/test/) are not what add wrote; npm test runs them in the repository.
    rmSync(join(root, "services/orders/test"), { recursive: true, force: true });
    const result = await runGeneratedTests(root, "services/orders");
    expect(result.failed, result.output).toBe(0);
    expect(result.files).toEqual([...(LOCAL_RUNTIME ? ["e2e-alerts.test.ts", "e2e-uploads.test.ts"] : []), "handlers/alerts.test.ts", "handlers/uploads.test.ts"]);
  }, 180_000);
});

describe("bulkhead add, to a service without tenants or operators", () => {
  it("gives a tenant-aware pattern its own tenants and the role that may redrive it, so check has nothing to warn of", async () => {
    const root = scaffoldProject();
    expect((await cli(root, "new", "mailer", "--with", "priority-queue")).code).toBe(0);
    const before = readFileSync(join(root, "services/mailer/service.yaml"), "utf8");
    expect(before).not.toMatch(/^tenants:/m);
    const run = await cli(root, "add", "tenant-isolated-function", "reports");
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n")[0]).toBe("added reports (tenant-isolated-function) to services/mailer/service.yaml");
    const block = insertedBlock(before, readFileSync(join(root, "services/mailer/service.yaml"), "utf8"));
    expect(block).toContain("    tenants: [acme, globex, initech]");
    expect(block).toContain('    externalProducers: { routers: ["arn:aws:iam::123456789012:role/platform-oncall"] }');
    const checked = await cli(root, "check");
    expect(checked.stderr).toBe("");
    expect(checked.stdout).toMatch(/^1 spec\(s\) pass \d+ guardrails$/);
    const result = await runGeneratedTests(root, "services/mailer");
    expect(result.failed, result.output).toBe(0);
  }, 180_000);

  it("writes the same bytes for the same command in two projects", async () => {
    const trees = await Promise.all(
      [scaffoldProject(), scaffoldProject()].map(async (root) => {
        expect((await cli(root, "new", "mailer", "--with", "fanout")).code).toBe(0);
        expect((await cli(root, "add", "shuffle-sharded-queue", "imports")).code).toBe(0);
        return snapshot(join(root, "services"));
      }),
    );
    expect(trees[1]).toEqual(trees[0]);
    expect(Object.keys(trees[0]!)).toContain("mailer/service.shards.lock.json");
  });
});
