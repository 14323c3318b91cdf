import { describe, expect, it } from "vitest";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import { checkLock } from "../../patterns/shuffle-sharded-queue/lock-check.js";

const input = { shards: 8, shardsPerTenant: 2, tenants: ["acme", "globex", "initech"] };
const lock = assignTenants(input, undefined);

describe("checkLock, for synth", () => {
  it("returns the locked sets and no findings when lock and spec agree", () => {
    expect(checkLock(input, lock)).toEqual({ assignments: lock.assignments, findings: [] });
  });

  it("names a spec tenant the lock lacks, as an error, and routes the others", () => {
    const result = checkLock({ ...input, tenants: [...input.tenants, "umbrella"] }, lock);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: "missing-tenant", severity: "error", tenant: "umbrella" }),
    ]);
    expect(result.findings[0].message).toContain("bulkhead shards assign");
    expect(Object.keys(result.assignments)).toEqual(["acme", "globex", "initech"]);
  });

  it("reports a locked tenant gone from the spec as stale, a warning", () => {
    const result = checkLock({ ...input, tenants: ["acme", "globex"] }, lock);
    expect(result.findings).toEqual([expect.objectContaining({ kind: "stale-tenant", severity: "warning", tenant: "initech" })]);
    expect(Object.keys(result.assignments)).toEqual(["acme", "globex"]);
  });

  it("treats a pattern absent from the lock as every tenant missing", () => {
    const kinds = checkLock(input, undefined).findings.map((finding) => [finding.kind, "tenant" in finding && finding.tenant]);
    expect(kinds).toEqual([
      ["missing-tenant", "acme"],
      ["missing-tenant", "globex"],
      ["missing-tenant", "initech"],
    ]);
  });

  it("flags parameters that differ from those the lock was assigned with", () => {
    const findings = checkLock({ ...input, shards: 10, maxOverlap: 1 }, lock).findings;
    expect(findings).toEqual([
      expect.objectContaining({ kind: "parameter-changed", parameter: "n", locked: 8, spec: 10 }),
      expect.objectContaining({ kind: "parameter-changed", parameter: "maxOverlap", locked: null, spec: 1 }),
    ]);
  });

  it("flags a hand-edited lock whose tenants share more than maxOverlap", () => {
    const bounded = { ...input, maxOverlap: 0 };
    const edited = { n: 8, k: 2, maxOverlap: 0, assignments: { acme: [0, 1], globex: [1, 2], initech: [4, 5] } };
    expect(checkLock(bounded, edited).findings).toEqual([
      expect.objectContaining({ kind: "overlap-exceeded", tenants: ["acme", "globex"] }),
    ]);
  });
});
