import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { filesUnder } from "../patterns/output/files.js";

const scratch = mkdtempSync(join(tmpdir(), "bulkhead-cdktf-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** This project as a user's checkout with the example as its one service: its files (dist built), node_modules shared. */
function checkout(): string {
  const copy = join(scratch, "project");
  const skip = new Set(["node_modules", ".git", "cdktf.out", ".bulkhead-tmp", "services"]);
  for (const entry of readdirSync(".")) if (!skip.has(entry) && !entry.endsWith(".tfstate")) cpSync(entry, join(copy, entry), { recursive: true });
  // Only the example: `cdktf synth` takes every services/*/service.yaml, and a service of the developer's own is not this test's business.
  cpSync("services/orders", join(copy, "services/orders"), { recursive: true });
  symlinkSync(resolve("node_modules"), join(copy, "node_modules"));
  return copy;
}

const project = checkout();
// npx's own cache in the scratch folder, and offline: npx resolves the project's cdktf bin without the registry.
const emptyTerraformConfig = join(scratch, "terraformrc");
writeFileSync(emptyTerraformConfig, "");
const env: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: join(scratch, "npm-cache"), npm_config_offline: "true", npm_config_update_notifier: "false", TF_CLI_CONFIG_FILE: emptyTerraformConfig, FORCE_COLOR: "0" };
delete env.CHECKPOINT_DISABLE;
delete env.DISABLE_VERSION_CHECK;

describe("npx cdktf synth, after npm ci", () => {
  const viaCdktf = spawnSync("npx", ["cdktf", "synth"], { cwd: project, env, encoding: "utf8", timeout: 120_000 });
  const cdktfFiles = new Map(filesUnder(join(project, "cdktf.out")).map((f) => [f, readFileSync(join(project, "cdktf.out", f))]));
  rmSync(join(project, "cdktf.out"), { recursive: true, force: true });
  execFileSync(process.execPath, ["bin/bulkhead.mjs", "synth"], { cwd: project, env, stdio: "pipe" });
  const bulkheadFiles = filesUnder(join(project, "cdktf.out"));

  it("runs cdktf-cli 0.21.0 through the project's app and succeeds", () => {
    expect(viaCdktf.status, `${viaCdktf.stdout}\n${viaCdktf.stderr}`).toBe(0);
    expect(viaCdktf.stdout).toContain("orders-dev");
  });

  it("writes the same files, byte for byte, as bulkhead synth", () => {
    expect([...cdktfFiles.keys()]).toEqual(bulkheadFiles);
    expect(bulkheadFiles).toContain("stacks/orders-dev/cdk.tf.json");
    for (const file of bulkheadFiles) expect(cdktfFiles.get(file)!.equals(readFileSync(join(project, "cdktf.out", file))), file).toBe(true);
  });

  it("prints no error: no telemetry or version check goes out", () => {
    // On a machine without terraform (the README's "only Node and npm"), cdktf-cli says so at INFO
    // level, its own wording containing "Error:"; that line is not a failure, every other one counts.
    const printed = `${viaCdktf.stdout}\n${viaCdktf.stderr}`
      .split("\n")
      .filter((line) => !/\[INFO\] default - Unable to determine Terraform version: Error: Terraform CLI not present/.test(line))
      .join("\n");
    expect(printed).not.toMatch(/ERROR|checkpoint|ENOTFOUND|telemetry/i);
  });

  it("answers --help", () => {
    const help = spawnSync("npx", ["cdktf", "--help"], { cwd: project, env, encoding: "utf8", timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/cdktf synth/);
  });
});

describe("the compiled cdktf app (dist/main.mjs)", () => {
  it("honours BULKHEAD_SPECS and fails with located errors for a bad spec", () => {
    const run = spawnSync(process.execPath, ["dist/main.mjs"], {
      env: { ...process.env, CDKTF_OUTDIR: join(scratch, "bad-out"), BULKHEAD_SPECS: "test/fixtures/bad/service.yaml" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^test\/fixtures\/bad\/service\.yaml:9:18 patterns\.events\.subscribers: /m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
