import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import { assignStateless } from "../../patterns/shuffle-sharded-queue/assignment-stateless.js";
import type { ShardAssignments } from "../../patterns/shuffle-sharded-queue/assignment-types.js";
import { buildReport, formatReport } from "../../patterns/shuffle-sharded-queue/report.js";
import { assignmentStats } from "../../patterns/shuffle-sharded-queue/report-stats.js";
import { smallShape, tenantIds, tenantList } from "./helpers.js";

/** The O(T²) definition, to check the inclusion–exclusion counts against. */
function naiveStats(assignments: ShardAssignments, k: number) {
  const sets = Object.values(assignments);
  const pairsByOverlap = new Array<number>(k + 1).fill(0);
  const loseAll: number[] = [];
  const loseSome: number[] = [];
  for (let i = 0; i < sets.length; i++) {
    let all = 0;
    let some = 0;
    for (let j = 0; j < sets.length; j++) {
      if (i === j) continue;
      const shared = sets[i].filter((shard) => sets[j].includes(shard)).length;
      if (j > i) pairsByOverlap[shared]++;
      if (shared === k) all++;
      else if (shared > 0) some++;
    }
    loseAll.push(all);
    loseSome.push(some);
  }
  return { pairsByOverlap, loseAll, loseSome };
}

describe("assignment stats", () => {
  it("match the pairwise definition for any assignment, stateful or stateless", () => {
    fc.assert(
      fc.property(smallShape, tenantList(60), fc.boolean(), ({ n, k }, tenants, stateless) => {
        fc.pre(tenants.length > 0);
        const assignments = stateless
          ? assignStateless(tenants, n, k)
          : assignTenants({ shards: n, shardsPerTenant: k, tenants }, undefined).assignments;
        const stats = assignmentStats(assignments, n, k);
        const naive = naiveStats(assignments, k);
        const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
        expect(stats.pairsByOverlap).toEqual(naive.pairsByOverlap);
        expect(stats.maxPairwiseOverlap).toBe(Math.max(0, ...naive.pairsByOverlap.flatMap((count, shared) => (count > 0 ? [shared] : []))));
        expect(stats.tenantsSharingWholeSet).toBe(naive.loseAll.filter((count) => count > 0).length);
        expect(stats.blastRadius.loseAll).toEqual({ worst: Math.max(...naive.loseAll), mean: expect.closeTo(mean(naive.loseAll), 9) });
        expect(stats.blastRadius.loseSome).toEqual({ worst: Math.max(...naive.loseSome), mean: expect.closeTo(mean(naive.loseSome), 9) });
      }),
      { numRuns: 100 },
    );
  });

  it("count tenants per shard", () => {
    const stats = assignmentStats({ a: [0, 1], b: [0, 2], c: [0, 1] }, 4, 2);
    expect(stats.tenantsPerShard).toEqual({ min: 0, max: 3, mean: 1.5 });
    expect(stats.distinctSets).toBe(6);
  });
});

describe("report", () => {
  it("sets the assignment beside a stateless hash assignment of the same tenants", () => {
    const lock = assignTenants({ shards: 8, shardsPerTenant: 2, tenants: tenantIds(28) }, undefined);
    const report = buildReport(lock);
    expect(report.assigned).toMatchObject({ tenants: 28, distinctSets: 28, tenantsSharingWholeSet: 0, maxPairwiseOverlap: 1 });
    expect(report.assigned.tenantsPerShard).toEqual({ min: 7, max: 7, mean: 7 });
    expect(report.stateless).toEqual(assignmentStats(assignStateless(tenantIds(28), 8, 2), 8, 2));
    expect(report.stateless.tenantsSharingWholeSet).toBeGreaterThan(0);

    const text = formatReport(report);
    expect(text).toContain("28 tenants, n=8 shards, k=2 per tenant, C(n,k)=28 distinct sets");
    expect(text).toMatch(/assigned\s+stateless hash/);
    expect(text).toMatch(/tenants sharing their whole set\s+0\s+\d+/);
    expect(text).toMatch(/flood one tenant: others losing all \(worst \/ mean\)\s+0 \/ 0\s+\d+ \/ [\d.]+/);
  });
});
