// Real Terraform and the real provider judge what bulkhead emits: every stack the tests
// synthesize (the example, the fixtures, shuffle-sharded services at two scales and 50 tenant silos) must
// plan offline with hashicorp/aws 5.100.0 and be valid against the 6.25.0 schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkAgainstSchema } from "./support/provider-schema.js";
import { cli, EXAMPLE_SPEC, projectOutDir } from "./support/project.js";
import { producerProject, shardedProject } from "./support/sharded-project.js";
import { operationsProject } from "./support/operations-project.js";
import { siloProject } from "./support/silo-project.js";
import { describeWithTerraform, planStacks } from "./support/terraform.js";

interface Synthesized {
  readonly name: string;
  readonly stackDirs: string[];
}

/** Synthesizes the named spec of a project into `out` (relative to the project root). */
async function synth(name: string, root: string | Promise<string>, spec: string, out = "cdktf.out"): Promise<Synthesized> {
  root = await root;
  const run = await cli(root, "synth", spec, "--out", out);
  if (run.code !== 0) throw new Error(`${name}: ${run.stderr}`);
  const stackDirs = run.stdout
    .split("\n")
    .map((line) => line.match(/^synthesized (.*)\/cdk\.tf\.json\b/)?.[1])
    .filter((dir): dir is string => dir !== undefined)
    .map((dir) => join(root, dir));
  return { name, stackDirs };
}

const projects: Synthesized[] = await Promise.all([
  // The repository's own output folders stay as the developer left them.
  synth("example", process.cwd(), EXAMPLE_SPEC, projectOutDir("terraform-example")),
  synth("ledger fixture (FIFO, S3 backend)", "test/fixtures/ledger", "services/ledger/service.yaml", `../../../${projectOutDir("terraform-ledger")}`),
  synth("8 shards x 100 tenants", shardedProject(8, 2, 100), "services/shards8/service.yaml"),
  synth("64 shards x 1000 tenants", shardedProject(64, 4, 1000), "services/shards64/service.yaml"),
  synth("a producer sending to its own service's shards", producerProject(), "services/shop/service.yaml"),
  synth("50 tenant silos with data, sent to by a subscriber", siloProject({ tenants: 50 }), "services/silos50/service.yaml"),
  synth("an alarm topic bulkhead creates, tables without deletion protection", operationsProject(), "services/ops/service.yaml"),
]);
const allStacks = projects.flatMap((p) => p.stackDirs);

describe("the aws 6.25.0 schema accepts every synthesized stack", () => {
  it.each(allStacks.map((dir) => [dir.split("/stacks/")[1]!, dir]))("%s", (_, dir) => {
    expect(checkAgainstSchema(readFileSync(join(dir, "cdk.tf.json"), "utf8"))).toEqual([]);
  });
});

describeWithTerraform("terraform validate and plan with hashicorp/aws 5.100.0 accept every synthesized stack", () => {
  it("validates and plans every stack offline, creating everything and warning about nothing", async () => {
    const plans = await planStacks(allStacks, { alsoValidate: true });
    expect(plans.map((p) => p.stack).sort()).toEqual(allStacks.map((d) => d.split("/").pop()).sort());
    for (const plan of plans) {
      expect(plan.changes.add, plan.stack).toBeGreaterThan(10);
      expect(plan.changes.change + plan.changes.remove, plan.stack).toBe(0);
      expect(plan.warnings, plan.stack).toEqual([]);
    }
  }, 600_000);
});
