// The same `bulkhead new` gives the same bytes, in another project or after the folder is removed:
// nothing in a skeleton depends on time, randomness or the machine's paths.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../support/project.js";
import { scaffoldProject, snapshot } from "./support.js";

const ALL = "fanout,shuffle-sharded-queue,priority-queue,tenant-isolated-function";

describe("bulkhead new is deterministic", () => {
  it("writes the same bytes in two projects, and again once the folder is removed", async () => {
    const [a, b] = [scaffoldProject(), scaffoldProject()];
    const first = await cli(a, "new", "payments", "--with", ALL);
    expect(first.code).toBe(0);
    expect((await cli(b, "new", "payments", "--with", ALL)).stdout).toBe(first.stdout);
    const tree = snapshot(join(a, "services"));
    expect(snapshot(join(b, "services"))).toEqual(tree);
    rmSync(join(a, "services", "payments"), { recursive: true });
    expect((await cli(a, "new", "payments", "--with", ALL)).stdout).toBe(first.stdout);
    expect(snapshot(join(a, "services"))).toEqual(tree);
  });

  it("names no path of this machine in what it writes, only paths relative to the project", async () => {
    const root = scaffoldProject();
    expect((await cli(root, "new", "payments", "--with", ALL, "--dir", "apps/backend")).code).toBe(0);
    const files = snapshot(join(root, "apps"));
    for (const [file, text] of Object.entries(files)) expect(text, file).not.toContain(root);
    const spec = readFileSync(join(root, "apps/backend/payments/service.yaml"), "utf8");
    expect(spec.split("\n")[0]).toBe("# yaml-language-server: $schema=../../../service.schema.json");
    expect(files["backend/payments/handlers/jobs.ts"]).toContain('from "../../../../handlers/index.js"');
    expect(files["backend/payments/e2e.test.ts"]).toContain('from "../../../local/index.js"');
    expect((await cli(root, "check", "apps/backend/payments")).code).toBe(0);
  });
});
