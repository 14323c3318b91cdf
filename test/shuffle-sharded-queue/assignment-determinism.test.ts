import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import { serializeLock } from "../../patterns/shuffle-sharded-queue/lock.js";
import { smallShape, tenantList } from "./helpers.js";

describe("assignment is deterministic", () => {
  it("gives the same lock for the same input, whatever the order of the tenants", () => {
    fc.assert(
      fc.property(
        smallShape.chain((shape) => fc.record({ shape: fc.constant(shape), maxOverlap: fc.option(fc.integer({ min: 0, max: shape.k - 1 }), { nil: undefined }) })),
        tenantList(40).chain((tenants) => fc.record({ tenants: fc.constant(tenants), shuffled: fc.shuffledSubarray(tenants, { minLength: tenants.length }) })),
        ({ shape, maxOverlap }, { tenants, shuffled }) => {
          const run = (list: string[]) => {
            try {
              return serializeLock({ version: 1, patterns: { p: assignTenants({ shards: shape.n, shardsPerTenant: shape.k, maxOverlap, tenants: list }, undefined) } });
            } catch (error) {
              return String(error);
            }
          };
          const once = run(tenants);
          expect(run(tenants)).toBe(once);
          expect(run(shuffled)).toBe(once);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("pins the exact sets, so a change of hash or tie-break shows up here", () => {
    const lock = assignTenants({ shards: 8, shardsPerTenant: 2, tenants: ["acme", "globex", "initech", "umbrella"] }, undefined);
    expect(lock.assignments).toMatchInlineSnapshot(`
      {
        "acme": [
          0,
          6,
        ],
        "globex": [
          1,
          4,
        ],
        "initech": [
          2,
          7,
        ],
        "umbrella": [
          3,
          5,
        ],
      }
    `);
  });
});
