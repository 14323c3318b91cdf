import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempProject } from "./support/project.js";

const SPEC = `version: 1
service: shop
region: us-east-1
environments:
  dev: {}
patterns:
  events:
    type: fanout
    subscribers:
      billing: { handler: handlers/billing.ts }
`;

describe("--out never replaces anything but a previous synth output", () => {
  it("refuses a folder holding other files, leaving it untouched", async () => {
    const root = tempProject(SPEC, ["handlers/billing.ts"], "shop");
    const run = await cli(root, "synth", "--out", "services");
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toMatch(/^bulkhead synth: refusing to write services: it is not a previous synth output \(it holds shop\)$/m);
    expect(readFileSync(join(root, "services/shop/service.yaml"), "utf8")).toBe(SPEC);
    expect((await cli(root, "synth", "--out", ".")).stderr).toMatch(/refusing to write \.: it is not a previous synth output/);
    expect(existsSync(join(root, "services/shop/handlers/billing.ts"))).toBe(true);
  });

  it("refuses a file, and a path under a file, without a stack trace", async () => {
    const root = tempProject(SPEC, ["handlers/billing.ts"], "shop");
    writeFileSync(join(root, "notes.txt"), "keep me");
    expect((await cli(root, "synth", "--out", "notes.txt")).stderr).toMatch(/refusing to write notes\.txt: it is a file/);
    const nested = await cli(root, "synth", "--out", "notes.txt/out");
    expect(nested.code, nested.stdout).toBe(1);
    expect(nested.stderr).toMatch(/refusing to write notes\.txt\/out: cannot create its parent folder \(EEXIST\)/);
    expect(nested.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(root, "notes.txt"), "utf8")).toBe("keep me");
  });

  it("replaces a previous output, and an empty folder", async () => {
    const root = tempProject(SPEC, ["handlers/billing.ts"], "shop");
    const synth = async (...args: string[]) => {
      const run = await cli(root, "synth", ...args);
      expect(run.code, run.stderr).toBe(0);
    };
    await synth();
    await synth();
    mkdirSync(join(root, "empty"));
    await synth("--out", "empty");
    expect(existsSync(join(root, "empty/stacks/shop-dev/cdk.tf.json"))).toBe(true);
  });
});

describe("names across services", () => {
  it("two specs that would claim the same AWS names are rejected together", async () => {
    const spec = (service: string, env: string, pattern: string) => `version: 1
service: ${service}
region: us-east-1
environments:
  ${env}: {}
patterns:
  ${pattern}:
    type: fanout
    subscribers:
      billing: { handler: handlers/billing.ts }
`;
    const root = tempProject(spec("a", "b-c", "events"), ["handlers/billing.ts"], "a");
    const other = join(root, "services/a-b");
    mkdirSync(join(other, "handlers"), { recursive: true });
    writeFileSync(join(other, "service.yaml"), spec("a-b", "c", "events"));
    writeFileSync(join(other, "handlers/billing.ts"), "export const handler = async () => ({ batchItemFailures: [] });\n");
    const run = await cli(root, "check");
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toMatch(/^services\/a\/service\.yaml:\d+:\d+ patterns\.events\.subscribers\.billing: function name a-b-c-events-billing is also used by services\/a-b\/service\.yaml \[name-collision\]$/m);
    expect(run.stderr).toMatch(/role name a-b-c-events-billing is also used by/);
  });
});
