import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cli } from "./support/project.js";

const tsx = "node_modules/.bin/tsx";

describe("main.ts (the cdktf app, as `npx cdktf synth` runs it)", () => {
  it("produces the same stacks as `bulkhead synth`", async () => {
    expect((await cli(process.cwd(), "synth", "--out", ".bulkhead-tmp/main-cli")).code).toBe(0);
    execFileSync(tsx, ["main.ts"], { env: { ...process.env, CDKTF_OUTDIR: ".bulkhead-tmp/main-app" }, stdio: "pipe" });
    for (const stack of ["orders-dev", "orders-prod"]) {
      const viaCli = readFileSync(`.bulkhead-tmp/main-cli/stacks/${stack}/cdk.tf.json`, "utf8");
      const viaApp = readFileSync(`.bulkhead-tmp/main-app/stacks/${stack}/cdk.tf.json`, "utf8");
      expect(viaApp).toBe(viaCli);
    }
  });

  it("honours BULKHEAD_SPECS and fails with located errors for a bad spec", async () => {
    let failure: { status: number; stderr: Buffer } | undefined;
    try {
      execFileSync(tsx, ["main.ts"], {
        env: { ...process.env, CDKTF_OUTDIR: ".bulkhead-tmp/main-bad", BULKHEAD_SPECS: "test/fixtures/bad/service.yaml" },
        stdio: "pipe",
      });
    } catch (err) {
      failure = err as typeof failure;
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr.toString()).toMatch(/^test\/fixtures\/bad\/service\.yaml:9:18 patterns\.events\.subscribers: expected at least one subscriber/m);
  });
});
