// `bulkhead new` for each pattern alone and for all four together, in a fresh project each: the
// skeleton passes check and synth as written, its stacks validate and plan offline with
// hashicorp/aws 5.100.0 and fit the 6.25 schema, and its own tests pass unchanged.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkAgainstSchema } from "../support/provider-schema.js";
import { cli, type CliRun } from "../support/project.js";
import { describeWithTerraform, planStacks } from "../support/terraform.js";
import { LOCAL_RUNTIME, runGeneratedTests, scaffoldProject, typeErrorsIn } from "./support.js";

interface Case {
  readonly service: string;
  readonly with: readonly string[];
  /** Handler files, relative to the service folder. */
  readonly handlers: readonly string[];
  /** Tests in the end-to-end file: one per pattern. */
  readonly e2eTests: number;
}

const ALL = ["fanout", "shuffle-sharded-queue", "priority-queue", "tenant-isolated-function"];
const CASES: readonly Case[] = [
  { service: "notices", with: ["fanout"], handlers: ["events-process.ts", "events-audit.ts"], e2eTests: 1 },
  { service: "imports", with: ["shuffle-sharded-queue"], handlers: ["ingest.ts"], e2eTests: 1 },
  { service: "mailer", with: ["priority-queue"], handlers: ["jobs.ts"], e2eTests: 1 },
  { service: "ledgers", with: ["tenant-isolated-function"], handlers: ["reports.ts"], e2eTests: 1 },
  { service: "payments", with: ALL, handlers: ["events-process.ts", "events-audit.ts", "ingest.ts", "jobs.ts", "reports.ts"], e2eTests: 4 },
];

/** Tests in each generated handler test: a valid payload, and one bad field each of three. */
const TESTS_PER_HANDLER = 4;

interface Scaffolded extends Case {
  readonly root: string;
  readonly dir: string;
  readonly created: CliRun;
  readonly checked: CliRun;
  readonly synthesized: CliRun;
  readonly stackDirs: readonly string[];
}

async function scaffold(c: Case): Promise<Scaffolded> {
  const root = scaffoldProject();
  const dir = `services/${c.service}`;
  const created = await cli(root, "new", c.service, "--with", c.with.join(","));
  const checked = await cli(root, "check", dir);
  const synthesized = await cli(root, "synth", dir);
  const stackDirs = [...synthesized.stdout.matchAll(/^synthesized (.*)\/cdk\.tf\.json\b/gm)].map((m) => join(root, m[1]!));
  return { ...c, root, dir, created, checked, synthesized, stackDirs };
}

const scaffolded: Scaffolded[] = [];
for (const c of CASES) scaffolded.push(await scaffold(c));
const label = (s: Scaffolded) => `--with ${s.with.join(",")}`;

describe.each(scaffolded.map((s) => [label(s), s] as const))("bulkhead new %s", (_, s) => {
  it("writes the spec, a handler and a test per consumer, the end-to-end test and, when sharded, the lock", () => {
    expect(s.created.stderr).toBe("");
    expect(s.created.code).toBe(0);
    const sharded = s.with.includes("shuffle-sharded-queue");
    const files = [
      "service.yaml",
      ...(sharded ? ["service.shards.lock.json"] : []),
      ...s.handlers.flatMap((h) => [`handlers/${h}`, `handlers/${h.replace(/\.ts$/, ".test.ts")}`]),
      "e2e.test.ts",
    ];
    expect(s.created.stdout.split("\n").slice(1, -1)).toEqual(files.map((f) => `  ${f}`));
    for (const f of files) expect(existsSync(join(s.root, s.dir, f)), f).toBe(true);
    expect(s.created.stdout.split("\n")[0]).toBe(`wrote ${s.dir}/ (${s.with.map((t) => `${defaultName(t)}: ${t}`).join(", ")})`);
  });

  it("writes a spec that points editors at the project's schema and has dev and prod", () => {
    const spec = readFileSync(join(s.root, s.dir, "service.yaml"), "utf8");
    expect(spec.split("\n")[0]).toBe("# yaml-language-server: $schema=../../service.schema.json");
    expect(spec).toMatch(/^ {2}dev: /m);
    expect(spec).toMatch(/^ {2}prod: /m);
    const tenantAware = s.with.some((t) => t === "shuffle-sharded-queue" || t === "tenant-isolated-function");
    expect(/^tenants: /m.test(spec)).toBe(tenantAware);
  });

  it("passes bulkhead check with no warning", () => {
    expect(s.checked.stderr).toBe("");
    expect(s.checked.code).toBe(0);
    expect(s.checked.stdout).toMatch(/^1 spec\(s\) pass \d+ guardrails$/);
  });

  it("synthesizes a stack for dev and for prod, each valid against the aws 6.25.0 schema", () => {
    expect(s.synthesized.stderr).toBe("");
    expect(s.synthesized.code).toBe(0);
    expect(s.stackDirs.map((d) => d.split("/").pop())).toEqual([`${s.service}-dev`, `${s.service}-prod`]);
    for (const dir of s.stackDirs) expect(checkAgainstSchema(readFileSync(join(dir, "cdk.tf.json"), "utf8")), dir).toEqual([]);
  });

  if (s.with.includes("shuffle-sharded-queue")) {
    it("writes the lock bulkhead shards assign would write", async () => {
      const assigned = await cli(s.root, "shards", "assign", s.dir);
      expect(assigned.code).toBe(0);
      expect(assigned.stdout).toContain(`${s.dir}/service.shards.lock.json is unchanged`);
    });
  }

  it(`passes its own tests unchanged${LOCAL_RUNTIME ? ", the end-to-end test through the local runtime included" : " (the end-to-end test waits for local/index.ts)"}`, async () => {
    const result = await runGeneratedTests(s.root, s.dir);
    expect(result.failed, result.output).toBe(0);
    const expected = s.handlers.length * TESTS_PER_HANDLER + (LOCAL_RUNTIME ? s.e2eTests : 0);
    expect(result.passed, result.output).toBe(expected);
  }, 180_000);

  it("type-checks with the project's tsconfig, tests included", async () => {
    const errors = await typeErrorsIn(s.root, s.dir);
    expect(LOCAL_RUNTIME ? errors : errors.filter((e) => !e.includes("e2e.test.ts"))).toEqual([]);
  }, 60_000);
});

// Every service's dev stack, and prod of the one with all four patterns: a single pattern's prod
// differs from its dev only in what the environment sets, which that prod stack covers (a
// provider start per stack is most of the cost: see test/support/terraform.ts).
describeWithTerraform("terraform validate and plan with hashicorp/aws 5.100.0 accept the new services' stacks", () => {
  it("validates and plans them offline, creating everything and warning about nothing", async () => {
    const stacks = scaffolded.flatMap((s) => (s.with.length === ALL.length ? s.stackDirs : s.stackDirs.filter((d) => d.endsWith("-dev"))));
    const plans = await planStacks(stacks, { alsoValidate: true });
    expect(plans.map((p) => p.stack).sort()).toEqual(stacks.map((d) => d.split("/").pop()).sort());
    for (const plan of plans) {
      expect(plan.changes.add, plan.stack).toBeGreaterThan(10);
      expect(plan.changes.change + plan.changes.remove, plan.stack).toBe(0);
      expect(plan.warnings, plan.stack).toEqual([]);
    }
  }, 600_000);
});

function defaultName(type: string): string {
  return { fanout: "events", "shuffle-sharded-queue": "ingest", "priority-queue": "jobs", "tenant-isolated-function": "reports" }[type]!;
}
