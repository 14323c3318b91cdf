import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, tempProject } from "./support/project.js";
import { createTerraformHome, removeTerraformHome, terraformAvailable } from "./support/terraform-env.js";
import { runTerraform } from "./support/terraform-run.js";
import { describeWithTerraform } from "./support/terraform.js";
import { OVERRIDE_FILE } from "./support/terraform-workdir.js";

const spec = (service: string, envs = ["dev"]) => `version: 1
service: ${service}
region: us-east-1
environments:
${envs.map((e) => `  ${e}: {}`).join("\n")}
patterns:
  events:
    type: fanout
    subscribers:
      billing: { handler: handlers/billing.ts }
`;

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function project(service = "shop", envs?: string[]): string {
  const root = tempProject(spec(service, envs), ["handlers/billing.ts"], service);
  roots.push(root);
  return root;
}

function addService(root: string, service: string): void {
  mkdirSync(join(root, "services", service, "handlers"), { recursive: true });
  writeFileSync(join(root, "services", service, "service.yaml"), spec(service));
  writeFileSync(join(root, "services", service, "handlers/billing.ts"), "export const handler = async () => ({ batchItemFailures: [] });\n");
}

/** What a team's `terraform init && apply` and a saved plan leave in a stack folder. */
const PLANTED = {
  "terraform.tfstate": '{"version":4,"serial":7,"lineage":"keep-me","resources":[]}\n',
  "terraform.tfstate.backup": "backup\n",
  ".terraform.lock.hcl": "# lock\n",
  ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/marker": "provider\n",
  ".terraform/terraform.tfstate": '{"backend":"local"}\n',
  tfplan: "saved plan\n",
  "notes/review.md": "approved\n",
};

function plant(stackDir: string): void {
  for (const [file, text] of Object.entries(PLANTED)) {
    mkdirSync(join(stackDir, file, ".."), { recursive: true });
    writeFileSync(join(stackDir, file), text);
  }
}

function expectPlanted(stackDir: string): void {
  for (const [file, text] of Object.entries(PLANTED)) expect(readFileSync(join(stackDir, file), "utf8"), file).toBe(text);
}

const stack = (root: string, name: string) => join(root, "cdktf.out/stacks", name);
const backendOf = (root: string, name: string) => JSON.parse(readFileSync(join(stack(root, name), "cdk.tf.json"), "utf8")).terraform.backend;

describe("synth never removes a file it did not write", () => {
  it("keeps state, .terraform/, the lock file, a saved plan and anything else in a stack folder, and says so", async () => {
    const root = project();
    expect((await cli(root, "synth")).code).toBe(0);
    plant(stack(root, "shop-dev"));
    const again = await cli(root, "synth");
    expect(again.code, again.stderr).toBe(0);
    expectPlanted(stack(root, "shop-dev"));
    expect(again.stdout).toMatch(/^  kept what synth did not write: \.terraform\.lock\.hcl, \.terraform\/, notes\/, terraform\.tfstate, terraform\.tfstate\.backup, tfplan$/m);
    expect(existsSync(join(stack(root, "shop-dev"), "cdk.tf.json"))).toBe(true);
  });

  it("replaces its own files: assets of a changed handler go, the new ones come", async () => {
    const root = project();
    expect((await cli(root, "synth")).code).toBe(0);
    const assets = () => readdirSync(join(stack(root, "shop-dev"), "assets"), { recursive: true }).filter((f) => String(f).endsWith(".zip"));
    const before = assets();
    plant(stack(root, "shop-dev"));
    writeFileSync(join(root, "services/shop/handlers/billing.ts"), "export const handler = async () => ({ batchItemFailures: [] as never[] });\n// changed\nconsole.log('v2');\n");
    expect((await cli(root, "synth")).code).toBe(0);
    const after = assets();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expectPlanted(stack(root, "shop-dev"));
  });

  it("keeps what is in the folder of an output written before synth kept a record (state inside, as older versions had it)", async () => {
    const root = project();
    expect((await cli(root, "synth")).code).toBe(0);
    rmSync(join(root, "cdktf.out/.bulkhead-synth.json"));
    plant(stack(root, "shop-dev"));
    expect((await cli(root, "synth")).code).toBe(0);
    expectPlanted(stack(root, "shop-dev"));
  });

  it("refuses, changing nothing, when a file it would write is one it did not write", async () => {
    const root = project();
    expect((await cli(root, "synth")).code).toBe(0);
    const config = join(stack(root, "shop-dev"), "cdk.tf.json");
    rmSync(join(root, "cdktf.out/.bulkhead-synth.json"));
    writeFileSync(join(root, "cdktf.out/.bulkhead-synth.json"), '{"version":1,"stacks":{}}\n');
    writeFileSync(config, "{}\n");
    const run = await cli(root, "synth");
    expect(run.code).toBe(1);
    // The record names none of the stack's files, so every one of them is the user's.
    expect(run.stderr).toMatch(/^bulkhead synth: refusing to write cdktf\.out: cdktf\.out\/stacks\/shop-dev\/assets\/\S+\/handler\.zip, cdktf\.out\/stacks\/shop-dev\/cdk\.tf\.json would be overwritten, and an earlier synth did not write them; move them away$/m);
    expect(readFileSync(config, "utf8")).toBe("{}\n");
  });

  it("leaves the stacks of other services alone when some specs are named, and lists every stack in the manifest", async () => {
    const root = project();
    addService(root, "payments");
    expect((await cli(root, "synth")).code).toBe(0);
    plant(stack(root, "shop-dev"));
    const shopConfig = readFileSync(join(stack(root, "shop-dev"), "cdk.tf.json"));
    const run = await cli(root, "synth", "services/payments/service.yaml");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain("shop-dev");
    expect(readFileSync(join(stack(root, "shop-dev"), "cdk.tf.json")).equals(shopConfig)).toBe(true);
    expectPlanted(stack(root, "shop-dev"));
    const manifest = JSON.parse(readFileSync(join(root, "cdktf.out/manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toEqual(["payments-dev", "shop-dev"]);
  });

  it("reports a stack its spec no longer produces and leaves it in place", async () => {
    const root = project("shop", ["dev", "staging"]);
    expect((await cli(root, "synth")).code).toBe(0);
    writeFileSync(join(root, "services/shop/service.yaml"), spec("shop"));
    const run = await cli(root, "synth", "services/shop");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^warning: cdktf\.out\/stacks\/shop-staging is no longer produced by any spec; left in place\. Destroy its resources there \(terraform destroy\), then delete the folder\.$/m);
    expect(existsSync(join(stack(root, "shop-staging"), "cdk.tf.json"))).toBe(true);
  });

  it("refuses, before moving anything, a file where it writes a folder, without a stack trace", async () => {
    const root = project();
    addService(root, "payments");
    expect((await cli(root, "synth")).code).toBe(0);
    rmSync(stack(root, "shop-dev"), { recursive: true });
    writeFileSync(stack(root, "shop-dev"), "not a folder\n");
    const run = await cli(root, "synth");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bulkhead synth: refusing to write cdktf\.out: cdktf\.out\/stacks\/shop-dev is a file where synth writes a folder; move it away$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a folder under stacks/ that no synth wrote, because npx cdktf synth would delete it", async () => {
    const root = project();
    expect((await cli(root, "synth")).code).toBe(0);
    mkdirSync(join(root, "cdktf.out/stacks/my-notes"));
    writeFileSync(join(root, "cdktf.out/stacks/my-notes/README"), "mine\n");
    const run = await cli(root, "synth");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cdktf\.out\/stacks\/my-notes is not a stack synth wrote, and `npx cdktf synth` deletes such folders; move it out of cdktf\.out\/stacks/);
    expect(readFileSync(join(root, "cdktf.out/stacks/my-notes/README"), "utf8")).toBe("mine\n");
  });

  it("records the spec project-relative however it was named, so the output does not depend on it", async () => {
    const root = project();
    expect((await cli(root, "synth", join(root, "services/shop/service.yaml"))).code).toBe(0);
    const record = readFileSync(join(root, "cdktf.out/.bulkhead-synth.json"), "utf8");
    expect(JSON.parse(record).stacks["shop-dev"].spec).toBe("services/shop/service.yaml");
    expect(record).not.toContain(root);
    expect((await cli(root, "synth", "./services/shop/service.yaml")).code).toBe(0);
    expect(readFileSync(join(root, "cdktf.out/.bulkhead-synth.json"), "utf8")).toBe(record);
  });

  it("tells how to move state an older version kept in a stack folder", async () => {
    const root = project();
    expect((await cli(root, "synth")).code).toBe(0);
    writeFileSync(join(stack(root, "shop-dev"), "terraform.tfstate"), PLANTED["terraform.tfstate"]);
    const run = await cli(root, "synth");
    expect(run.stderr).toMatch(/^warning: cdktf\.out\/stacks\/shop-dev\/terraform\.tfstate is state an older bulkhead kept in the stack folder; state now lives beside the project\. Run `terraform init -migrate-state` in cdktf\.out\/stacks\/shop-dev once/m);
  });

  it("a failed synth changes nothing in the output", async () => {
    const root = project();
    expect((await cli(root, "synth")).code).toBe(0);
    plant(stack(root, "shop-dev"));
    const before = statSync(join(stack(root, "shop-dev"), "cdk.tf.json")).mtimeMs;
    writeFileSync(join(root, "services/shop/handlers/billing.ts"), "export const handler = (;\n");
    expect((await cli(root, "synth")).code).toBe(1);
    expect(statSync(join(stack(root, "shop-dev"), "cdk.tf.json")).mtimeMs).toBe(before);
    expectPlanted(stack(root, "shop-dev"));
    expect(readdirSync(root).filter((e) => e.includes("staging"))).toEqual([]);
  });
});

describe("local state lives beside the project, outside the folder synth rewrites", () => {
  it("is terraform.<stack>.tfstate at the project root, named relative to the stack folder", async () => {
    const root = project();
    expect((await cli(root, "synth")).code).toBe(0);
    expect(backendOf(root, "shop-dev")).toEqual({ local: { path: "../../../terraform.shop-dev.tfstate" } });
    expect((await cli(root, "synth", "--out", "build/terraform")).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "build/terraform/stacks/shop-dev/cdk.tf.json"), "utf8")).terraform.backend).toEqual({ local: { path: "../../../../terraform.shop-dev.tfstate" } });
  });
});

describeWithTerraform("with real Terraform: init and plan in a stack folder survive a re-synth", () => {
  it("plans again with the same .terraform, lock file and state, without init", async () => {
    const tf = terraformAvailable();
    const home = createTerraformHome(tf.mirror!);
    try {
      const root = project();
      expect((await cli(root, "synth")).code).toBe(0);
      const dir = stack(root, "shop-dev");
      // Offline provider settings, in an override file a team would not have; synth must keep it too.
      writeFileSync(join(dir, OVERRIDE_FILE), JSON.stringify({ provider: { aws: [{ access_key: "x", secret_key: "x", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true }] } }));
      const state = { version: 4, terraform_version: "1.11.0", serial: 3, lineage: "bulkhead-state-test", outputs: {}, resources: [] };
      writeFileSync(join(root, "terraform.shop-dev.tfstate"), JSON.stringify(state));
      const terraform = (...args: string[]) => runTerraform(tf.terraformBin!, [...args, "-no-color"], dir, home.env);

      const init = await terraform("init", "-input=false");
      expect(init.exitCode, init.stderr).toBe(0);
      const first = await terraform("plan", "-input=false", "-refresh=false", "-out=tfplan");
      expect(first.exitCode, first.stderr).toBe(0);
      const lock = readFileSync(join(dir, ".terraform.lock.hcl"), "utf8");

      const resynth = await cli(root, "synth");
      expect(resynth.code, resynth.stderr).toBe(0);
      expect(resynth.stdout).toContain(`kept what synth did not write: .terraform.lock.hcl, .terraform/, tfplan, ${OVERRIDE_FILE}`);
      expect(readFileSync(join(dir, ".terraform.lock.hcl"), "utf8")).toBe(lock);

      const second = await terraform("plan", "-input=false", "-refresh=false");
      expect(second.exitCode, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
      const pulled = await terraform("state", "pull");
      expect(JSON.parse(pulled.stdout).lineage).toBe("bulkhead-state-test");
    } finally {
      removeTerraformHome(home);
    }
  }, 300_000);
});
