// Proves the Terraform harness itself: it plans a valid stack with the real provider, it fails
// with terraform's own message on an invalid one, and the 6.x schema check catches the three
// ways a 5.x-valid stack can break on 6.x.
import { AssetType, App, S3Backend, TerraformAsset, TerraformStack } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SsmAssociation } from "@cdktf/provider-aws/lib/ssm-association";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkAgainstSchema } from "./support/provider-schema.js";
import { describeWithTerraform, planStacks, TerraformPlanError } from "./support/terraform.js";

const scratch = mkdtempSync(join(tmpdir(), "bulkhead-harness-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Synthesizes one stack the way main.ts does (S3 backend included) and returns its folder. */
function synthStack(name: string, build: (stack: TerraformStack) => void): string {
  const outdir = join(scratch, name);
  const app = new App({ outdir });
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new S3Backend(stack, { bucket: "acme-tfstate", key: `${name}.tfstate`, region: "us-east-1" });
  build(stack);
  app.synth();
  return join(outdir, "stacks", name);
}

const readJson = (stackDir: string) => JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));

// A queue, its policy, and a Lambda whose code is a cdktf asset: the asset proves the stack
// folder is copied with the `assets/...` paths cdk.tf.json uses.
const validStack = synthStack("harness-valid", (stack) => {
  const queue = new SqsQueue(stack, "queue", { name: "harness-valid", sqsManagedSseEnabled: true, visibilityTimeoutSeconds: 180 });
  new SqsQueuePolicy(stack, "policy", {
    queueUrl: queue.url,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queue.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } }],
    }),
  });
  const role = new IamRole(stack, "role", {
    name: "harness-valid",
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
  });
  const source = join(scratch, "handler-src");
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, "index.js"), "exports.handler = async () => ({ batchItemFailures: [] });\n");
  const code = new TerraformAsset(stack, "code", { path: source, type: AssetType.ARCHIVE });
  new LambdaFunction(stack, "consumer", {
    functionName: "harness-valid",
    role: role.arn,
    runtime: "nodejs22.x",
    handler: "index.handler",
    architectures: ["arm64"],
    filename: code.path,
    sourceCodeHash: code.assetHash,
    environment: { variables: { QUEUE_URL: queue.url } },
  });
});

describe("schema check against hashicorp/aws 6.25.0", () => {
  it("accepts the valid stack", () => {
    expect(checkAgainstSchema(readJson(validStack))).toEqual([]);
  });

  it("reports an unknown argument with resource type, name and path", () => {
    const json = readJson(validStack);
    json.resource.aws_sqs_queue.queue.visibility_timeout = 30; // misspelt visibility_timeout_seconds
    json.resource.aws_lambda_function.consumer.environment.variabels = {};
    expect(checkAgainstSchema(json)).toEqual([
      expect.stringMatching(/^aws_lambda_function\.consumer \(harness-valid\/consumer\): environment\.variabels: unknown argument/),
      expect.stringMatching(/^aws_sqs_queue\.queue \(harness-valid\/queue\): visibility_timeout: unknown argument/),
    ]);
  });

  it("reports a missing required argument", () => {
    const json = readJson(validStack);
    delete json.resource.aws_sqs_queue_policy.policy.queue_url;
    expect(checkAgainstSchema(json)).toEqual(["aws_sqs_queue_policy.policy (harness-valid/policy): queue_url: missing required argument"]);
  });

  it("reports an argument that 5.100 (and so the cdktf binding) accepts but 6.x removed", () => {
    // aws_ssm_association.instance_id: in @cdktf/provider-aws 20.1.0, gone in 6.x (use targets).
    const stackDir = synthStack("harness-removed", (stack) => {
      new SsmAssociation(stack, "patch", { name: "AWS-RunPatchBaseline", instanceId: "i-0123456789abcdef0" });
    });
    expect(checkAgainstSchema(readJson(stackDir))).toEqual([
      "aws_ssm_association.patch (harness-removed/patch): instance_id: unknown argument: not in the hashicorp/aws 6.25.0 schema (removed in 6.x, or misspelt)",
    ]);
  });

  it("reports read-only attributes, deprecated arguments, bad literals and provider arguments", () => {
    const json = readJson(validStack);
    json.resource.aws_sqs_queue.queue.arn = "arn:aws:sqs:us-east-1:123456789012:x";
    json.resource.aws_sqs_queue.queue.fifo_queue = "maybe";
    json.resource.aws_iam_role.role.managed_policy_arns = [];
    json.provider.aws[0].regoin = "us-east-1";
    expect(checkAgainstSchema(json)).toEqual([
      "provider aws: regoin: unknown argument: not in the hashicorp/aws 6.25.0 schema (removed in 6.x, or misspelt)",
      expect.stringMatching(/^aws_iam_role\.role .*: managed_policy_arns: deprecated in hashicorp\/aws 6\.25\.0$/),
      expect.stringMatching(/^aws_sqs_queue\.queue .*: arn: read-only \(computed\) attribute/),
      expect.stringMatching(/^aws_sqs_queue\.queue .*: fifo_queue: expected bool, got "maybe"$/),
    ]);
    expect(checkAgainstSchema(json, { allowDeprecated: true })).toHaveLength(3);
  });
});

describeWithTerraform("terraform plan with hashicorp/aws 5.100 from the local mirror", () => {
  it("plans the valid stack offline", { timeout: 120_000 }, async () => {
    const [plan] = await planStacks(validStack);
    expect(plan!.changes).toEqual({ add: 4, change: 0, remove: 0 });
    console.info(`[bulkhead] planned ${plan!.stack} in ${(plan!.timings.totalMs / 1000).toFixed(1)} s`, plan!.timings);
  });

  it("rejects an invalid attribute value with terraform's message", { timeout: 120_000 }, async () => {
    const invalidStack = synthStack("harness-invalid", (stack) => {
      new SqsQueue(stack, "queue", { name: "harness-invalid", visibilityTimeoutSeconds: 999_999 });
    });
    const planning = planStacks([invalidStack]);
    await expect(planning).rejects.toThrow(TerraformPlanError);
    await expect(planning).rejects.toThrow(/\[harness-invalid\][\s\S]*expected visibility_timeout_seconds to be in the range \(0 - 43200\), got 999999/);
    await expect(planning).rejects.toThrow(/with aws_sqs_queue\.queue/);
  });
});
