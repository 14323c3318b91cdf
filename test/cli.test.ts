import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commands } from "../cli/registry.js";
import { cli, tempProject } from "./support/project.js";

const packageVersion = JSON.parse(readFileSync("package.json", "utf8")).version;
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const FANOUT = `version: 1
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

function project(spec = FANOUT): string {
  const root = tempProject(spec, ["handlers/billing.ts", "handlers/ingest.ts"], "shop");
  roots.push(root);
  return root;
}

/** The compiled command as a user runs it, in a fresh process. */
function bulkhead(cwd: string, ...argv: string[]) {
  const run = spawnSync(process.execPath, [join(process.cwd(), "bin/bulkhead.mjs"), ...argv], { cwd, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("every command answers --help and -h", () => {
  it.each(Object.keys(commands).flatMap((name) => [[name, "--help"], [name, "-h"]]))("bulkhead %s %s", async (name, flag) => {
    const run = await cli(process.cwd(), name, flag);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`usage: bulkhead ${name}`);
  });

  it("bulkhead --help, -h, help and no command print the overview", async () => {
    for (const argv of [["--help"], ["-h"], ["help"], []]) {
      const run = await cli(process.cwd(), ...argv);
      expect(run.code).toBe(0);
      for (const name of Object.keys(commands)) expect(run.stdout).toContain(`bulkhead ${name}`);
    }
    expect((await cli(process.cwd(), "help", "synth")).stdout).toMatch(/^usage: bulkhead synth/);
  });

  it("a subcommand's --help wins over a missing argument", async () => {
    expect((await cli(process.cwd(), "shards", "assign", "--help")).code).toBe(0);
  });
});

describe("words the CLI does not know are named", () => {
  it("--version prints the package version", async () => {
    expect((await cli(process.cwd(), "--version")).stdout).toBe(packageVersion);
    expect(bulkhead(process.cwd(), "--version").stdout.trim()).toBe(packageVersion);
  });

  it("an unknown command, with the one it is close to", async () => {
    const run = await cli(process.cwd(), "synht");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bulkhead: unknown command "synht"; did you mean synth\?$/m);
    expect((await cli(process.cwd(), "deploy")).stderr).toMatch(/^bulkhead: unknown command "deploy"$/m);
    expect((await cli(process.cwd(), "--verbose")).stderr).toMatch(/^bulkhead: unknown option --verbose$/m);
    expect((await cli(process.cwd(), "--versoin")).stderr).toMatch(/^bulkhead: unknown option --versoin; did you mean --version\?$/m);
    expect((await cli(process.cwd(), "check", "--rules", "services/orders")).stderr).toMatch(/--rules lists the rules and takes no spec/);
  });

  it("an unknown option, with the one it is close to or the ones the command knows", async () => {
    const close = await cli(process.cwd(), "synth", "--outt", "x");
    expect(close.code).toBe(1);
    expect(close.stderr).toMatch(/^bulkhead synth: unknown option --outt; did you mean --out\?$/m);
    expect((await cli(process.cwd(), "check", "--strict")).stderr).toMatch(/^bulkhead check: unknown option --strict \(this command knows --rules\)$/m);
    expect((await cli(process.cwd(), "synth", "-x")).stderr).toMatch(/^bulkhead synth: unknown option -x/m);
    expect((await cli(process.cwd(), "synth", "--out")).stderr).toMatch(/^bulkhead synth: --out needs a value$/m);
    expect((await cli(process.cwd(), "shards", "move")).stderr).toMatch(/^bulkhead shards: unknown subcommand "move"; expected assign or report$/m);
  });
});

describe("spec arguments", () => {
  it("a folder means its service.yaml", async () => {
    const root = project();
    const run = await cli(root, "check", "services/shop");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("1 spec(s) pass");
  });

  it("a folder without a service.yaml says to add it, never a raw EISDIR", async () => {
    const root = project();
    for (const command of [["check", "services"], ["synth", "services"], ["shards", "assign", "services"], ["shards", "report", "services"]]) {
      const run = await cli(root, ...command);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/: services is a folder with no service\.yaml in it; name the spec file, or add services\/service\.yaml$/m);
      expect(run.stderr).not.toMatch(/EISDIR/);
    }
  });

  it("shards on a spec with no sharded pattern says so", async () => {
    const root = project();
    const report = await cli(root, "shards", "report", "services/shop/service.yaml");
    expect(report.code).toBe(1);
    expect(report.stderr).toMatch(/^bulkhead shards: services\/shop\/service\.yaml has no shuffle-sharded-queue pattern, so there is nothing to report$/m);
    expect((await cli(root, "shards", "assign", "services/shop")).stderr).toMatch(/has no shuffle-sharded-queue pattern, so there is nothing to assign$/m);
  });

  it("shards assign leaves an unchanged lock as it is, bytes and timestamp", async () => {
    const sharded = FANOUT.replace("patterns:\n  events:\n    type: fanout\n    subscribers:\n      billing: { handler: handlers/billing.ts }\n", "tenants: [acme, globex]\npatterns:\n  ingest:\n    type: shuffle-sharded-queue\n    shards: 4\n    shardsPerTenant: 2\n    consumer: { handler: handlers/ingest.ts }\n");
    const root = project(sharded);
    expect((await cli(root, "shards", "assign", "services/shop")).stdout).toContain("wrote services/shop/service.shards.lock.json");
    const lock = join(root, "services/shop/service.shards.lock.json");
    const before = statSync(lock).mtimeMs;
    const again = await cli(root, "shards", "assign", "services/shop");
    expect(again.stdout).toContain("services/shop/service.shards.lock.json is unchanged");
    expect(statSync(lock).mtimeMs).toBe(before);
  });
});

/** The modules a fresh `bulkhead ARGS` process loaded, read from Node's CommonJS cache at exit (cdktf is CommonJS). */
function modulesLoadedBy(...argv: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "bulkhead-loaded-"));
  roots.push(dir);
  const probe = join(dir, "probe.mjs");
  const list = join(dir, "loaded.json");
  writeFileSync(probe, `import { createRequire } from "node:module"; import { writeFileSync } from "node:fs";
const require = createRequire(import.meta.url);
process.on("exit", () => writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`);
  execFileSync(process.execPath, ["--import", probe, "bin/bulkhead.mjs", ...argv], { stdio: "pipe" });
  return JSON.parse(readFileSync(list, "utf8"));
}

describe("each command loads only what it uses", () => {
  const heavy = (modules: string[]) => modules.filter((m) => /node_modules\/(cdktf|@cdktf\/provider-aws|constructs)\//.test(m));

  it.each([["--help"], ["schema"], ["check", "services/orders/service.yaml"]])("bulkhead %s never loads cdktf or the provider", (...argv) => {
    expect(heavy(modulesLoadedBy(...argv))).toEqual([]);
  });

  it("bulkhead synth does (so the probe can see them)", () => {
    const out = mkdtempSync(join(tmpdir(), "bulkhead-synth-probe-"));
    roots.push(out);
    expect(heavy(modulesLoadedBy("synth", "services/orders/service.yaml", "--out", join(out, "cdktf.out"))).length).toBeGreaterThan(0);
  });
});
