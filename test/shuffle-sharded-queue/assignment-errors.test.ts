import { describe, expect, it } from "vitest";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import {
  LockMismatchError,
  MaxOverlapUnsatisfiableError,
  ShardingInputError,
} from "../../patterns/shuffle-sharded-queue/assignment-errors.js";
import type { PatternLock } from "../../patterns/shuffle-sharded-queue/assignment-types.js";
import { tenantIds } from "./helpers.js";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("maxOverlap that cannot be met", () => {
  it("says how many were placed, how many any assignment could hold, and what to change", () => {
    // Disjoint pairs of 8 shards: exactly 4 fit, and the Johnson bound ⌊8/2⌋ says so.
    const error = thrown(() =>
      assignTenants({ shards: 8, shardsPerTenant: 2, maxOverlap: 0, tenants: tenantIds(5) }, undefined),
    ) as MaxOverlapUnsatisfiableError;
    expect(error).toBeInstanceOf(MaxOverlapUnsatisfiableError);
    expect(error).toMatchObject({
      tenant: "tenant-4",
      placed: 4,
      requested: 5,
      upperBound: 4,
      n: 8,
      k: 2,
      maxOverlap: 0,
      suggestions: { shards: 10, maxOverlap: 1 },
    });
    expect(error.suggestions.shardsPerTenant).toBeUndefined();
    expect(error.message).toContain("Placed 4 of 5 tenants");
    expect(error.message).toContain("fits more than 4 (Johnson bound)");
    expect(error.message).toContain("raise shards to at least 10, or raise maxOverlap to 1");
  });

  it("computes the bound and suggestions for a realistic shape", () => {
    const error = thrown(() =>
      assignTenants({ shards: 64, shardsPerTenant: 4, maxOverlap: 1, tenants: tenantIds(400) }, undefined),
    ) as MaxOverlapUnsatisfiableError;
    // ⌊64/4 · ⌊63/3⌋⌋ = 336; n=70 is the first with ⌊70/4 · ⌊69/3⌋⌋ = 402 ≥ 400; k=3 gives ⌊64/3 · ⌊63/2⌋⌋ = 661.
    expect(error.upperBound).toBe(336);
    expect(error.placed).toBeGreaterThan(250);
    expect(error.placed).toBeLessThanOrEqual(336);
    expect(error.suggestions).toEqual({ shards: 70, maxOverlap: 2, shardsPerTenant: 3 });
    expect(error.message).toContain("lower shardsPerTenant to 3");
  });

  it("counts locked tenants among those placed", () => {
    const lock = assignTenants({ shards: 8, shardsPerTenant: 2, maxOverlap: 0, tenants: ["a", "b", "c"] }, undefined);
    const error = thrown(() =>
      assignTenants({ shards: 8, shardsPerTenant: 2, maxOverlap: 0, tenants: ["a", "b", "c", "d", "e"] }, lock),
    );
    expect(error).toMatchObject({ tenant: "e", placed: 4, requested: 5 });
  });
});

describe("locked sets that no longer fit are never moved silently", () => {
  const lock: PatternLock = assignTenants({ shards: 8, shardsPerTenant: 2, tenants: tenantIds(28) }, undefined);

  it("refuses a new k while tenants are locked", () => {
    const error = thrown(() => assignTenants({ shards: 8, shardsPerTenant: 3, tenants: tenantIds(28) }, lock));
    expect(error).toBeInstanceOf(LockMismatchError);
    expect(error).toMatchObject({ reason: "k-changed" });
    expect((error as LockMismatchError).tenants).toHaveLength(28);
    expect((error as Error).message).toContain("restore shardsPerTenant: 2");
  });

  it("accepts a new k once every locked tenant is gone from the spec", () => {
    expect(assignTenants({ shards: 8, shardsPerTenant: 3, tenants: ["fresh"] }, lock).assignments.fresh).toHaveLength(3);
  });

  it("refuses fewer shards when locked tenants use the removed ones, naming them", () => {
    const error = thrown(() => assignTenants({ shards: 7, shardsPerTenant: 2, tenants: tenantIds(28) }, lock));
    expect(error).toMatchObject({ reason: "shard-removed" });
    const users = Object.keys(lock.assignments).filter((tenant) => lock.assignments[tenant].includes(7));
    expect([...(error as LockMismatchError).tenants].sort()).toEqual(users.sort());
    expect((error as Error).message).toContain("keep shards at least 8");
  });

  it("refuses a tightened maxOverlap that two locked tenants exceed, naming the pair", () => {
    const error = thrown(() => assignTenants({ shards: 8, shardsPerTenant: 2, maxOverlap: 0, tenants: tenantIds(28) }, lock));
    expect(error).toMatchObject({ reason: "overlap-exceeded" });
    const [a, b] = (error as LockMismatchError).tenants;
    expect(lock.assignments[a].some((shard) => lock.assignments[b].includes(shard))).toBe(true);
  });
});

describe("unusable parameters", () => {
  const cases: [string, Parameters<typeof assignTenants>[0], string][] = [
    ["k below 2", { shards: 8, shardsPerTenant: 1, tenants: [] }, "shardsPerTenant"],
    ["k above the supported 8", { shards: 20, shardsPerTenant: 9, tenants: [] }, "shardsPerTenant"],
    ["n below k", { shards: 3, shardsPerTenant: 4, tenants: [] }, "shards"],
    ["maxOverlap of k", { shards: 8, shardsPerTenant: 2, maxOverlap: 2, tenants: [] }, "maxOverlap"],
    ["a tenant listed twice", { shards: 8, shardsPerTenant: 2, tenants: ["a", "a"] }, "tenants"],
    ["an empty tenant id", { shards: 8, shardsPerTenant: 2, tenants: [""] }, "tenants"],
  ];
  it.each(cases)("rejects %s", (_, input, field) => {
    const error = thrown(() => assignTenants(input, undefined));
    expect(error).toBeInstanceOf(ShardingInputError);
    expect(error).toMatchObject({ field });
  });
});
