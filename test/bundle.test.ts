import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleHandler, bundleHandlers, type Bundle } from "../patterns/blocks/bundle.js";
import { SpecError } from "../patterns/spec/errors.js";
import { tempProject } from "./support/project.js";

const EXAMPLE_HANDLERS = ["audit", "billing", "ingest", "notify", "shipping"].map((h) => `services/orders/handlers/${h}.ts`);

describe("bundling many handlers at once", () => {
  it("gives, in one esbuild build, the bytes one build per handler gives", async () => {
    const grouped = await bundleHandlers(EXAMPLE_HANDLERS.map((entry) => ({ projectRoot: ".", entry, runtime: "nodejs22.x", routingTables: [] })));
    expect(grouped.size).toBe(EXAMPLE_HANDLERS.length);
    for (const [request, bundle] of grouped) {
      const alone = await bundleHandler(request);
      expect(bundle, request.entry).not.toBeInstanceOf(SpecError);
      expect((bundle as Bundle).sourceHash, request.entry).toBe(alone.sourceHash);
      expect((bundle as Bundle).exports).toEqual(alone.exports);
    }
  });

  it("locates a broken handler's error in that handler, and still bundles the others of its build", async () => {
    const root = tempProject("", ["handlers/good.ts", "handlers/broken.ts"], "shop");
    writeFileSync(join(root, "services/shop/handlers/broken.ts"), "export const handler = (;\n");
    const requests = ["good", "broken"].map((h) => ({ projectRoot: root, entry: `services/shop/handlers/${h}.ts`, runtime: "nodejs22.x", routingTables: [] }));
    const built = await bundleHandlers(requests);
    expect(built.get(requests[0]!)).not.toBeInstanceOf(SpecError);
    const failure = built.get(requests[1]!) as SpecError;
    expect(failure).toBeInstanceOf(SpecError);
    expect(failure.problems[0]).toMatchObject({ file: "services/shop/handlers/broken.ts", line: 1 });
  });
});
