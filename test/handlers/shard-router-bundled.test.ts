import { describe, expect, it, vi } from "vitest";
import { bundledRoutingTable } from "../../handlers/producing/bundled-routing-tables.js";
import { createShardRouter, type RoutingTable } from "../../handlers/index.js";

// Hoisted with vi.mock, which runs before the imports.
const INGEST = vi.hoisted(
  (): RoutingTable => ({
    version: 1,
    pattern: "ingest",
    queues: ["orders-dev-ingest-0", "orders-dev-ingest-1"],
    tenants: { acme: [0, 1] },
  }),
);

// What esbuild provides in a bundle; here, for a function whose spec has sendsTo: [ingest, audit, misfiled].
vi.mock("bulkhead:routing-tables", () => ({
  default: {
    ingest: INGEST,
    audit: { ...INGEST, pattern: "audit", tenants: { acme: [0, 2] } },
    misfiled: { ...INGEST, pattern: "ingest" },
  },
}));

describe("bundledRoutingTable", () => {
  it("returns the pattern's bundled table, which a router takes as it is", () => {
    const table = bundledRoutingTable("ingest");
    expect(table).toEqual(INGEST);
    expect(createShardRouter(table).shardFor("acme", "order-1")).toBeOneOf([0, 1]);
  });

  it("tells to add a pattern the function was not bundled with to its sendsTo", () => {
    expect(() => bundledRoutingTable("billing")).toThrow(
      'no routing table for pattern "billing" is bundled into this function (bundled: "ingest", "audit", "misfiled"); ' +
        'add "billing" to the function\'s sendsTo in the service spec',
    );
    expect(() => bundledRoutingTable("toString")).toThrow('no routing table for pattern "toString"');
  });

  it("rejects a bundled table that is invalid or filed under another pattern", () => {
    expect(() => bundledRoutingTable("audit")).toThrow(
      'routing table from bulkhead:routing-tables, pattern "audit" is invalid: tenants["acme"] has shard 2, expected a whole number from 0 to 1',
    );
    expect(() => bundledRoutingTable("misfiled")).toThrow(
      'routing table from bulkhead:routing-tables, pattern "misfiled" is the table of pattern "ingest"',
    );
  });
});
