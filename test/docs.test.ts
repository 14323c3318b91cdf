import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, projectOutDir } from "./support/project.js";

describe("the README's diagram", () => {
  it("is what bulkhead diagram draws for the example today", async () => {
    const out = projectOutDir("docs-diagram");
    const run = await cli(process.cwd(), "diagram", "services/orders", "--format", "svg", "--out", join(out, "diagram-orders.svg"));
    expect(run.code, run.stderr).toBe(0);
    // Regenerate with: npx bulkhead diagram services/orders --format svg --out docs/diagram-orders.svg
    expect(readFileSync(join(out, "diagram-orders.svg"), "utf8")).toBe(readFileSync("docs/diagram-orders.svg", "utf8"));
  });
});
