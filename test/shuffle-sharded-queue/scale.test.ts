import { describe, expect, it } from "vitest";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import { buildReport } from "../../patterns/shuffle-sharded-queue/report.js";
import { setUses, tenantIds } from "./helpers.js";

/*
 * 10,000 tenants in about a second is the target (bench/assignment.ts measures
 * it: ~0.5 s for n=64, k=4 on this 2-core machine). The ceilings here are 5x
 * that, loose enough for a busy CI machine, tight enough to catch an
 * accidental O(T · C(n, k)) or O(T²).
 */
const CEILING_MS = 5_000;

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

describe("10,000 tenants", () => {
  it("n=64, k=4: all distinct, balanced, and fast, report included", () => {
    const [lock, assignMs] = timed(() => assignTenants({ shards: 64, shardsPerTenant: 4, tenants: tenantIds(10_000) }, undefined));
    expect(assignMs).toBeLessThan(CEILING_MS);
    expect(setUses(lock.assignments).size).toBe(10_000);

    const [report, reportMs] = timed(() => buildReport(lock));
    expect(reportMs).toBeLessThan(CEILING_MS);
    const { min, max } = report.assigned.tenantsPerShard;
    expect(max - min).toBeLessThanOrEqual(2);
    expect(report.assigned.blastRadius.loseAll.worst).toBe(0);
    expect(report.stateless.tenantsSharingWholeSet).toBeGreaterThan(0);
  });

  it("n=8, k=2: 28 sets each reused 357 or 358 times, every shard at 2,500", () => {
    const [lock, ms] = timed(() => assignTenants({ shards: 8, shardsPerTenant: 2, tenants: tenantIds(10_000) }, undefined));
    expect(ms).toBeLessThan(CEILING_MS);
    expect(new Set(setUses(lock.assignments).values())).toEqual(new Set([357, 358]));
    expect(buildReport(lock).assigned.tenantsPerShard).toEqual({ min: 2500, max: 2500, mean: 2500 });
  });
});
