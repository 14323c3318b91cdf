import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, EXAMPLE_SPEC, projectOutDir, readStack } from "./support/project.js";
import { producerProject, shardedProject } from "./support/sharded-project.js";
import { firstZipEntry } from "./support/zip.js";

const values = (json: any, type: string): any[] => Object.values(json.resource[type] ?? {});

const EXAMPLE_OUT = projectOutDir("shuffle-example");
const exampleRun = await cli(process.cwd(), "synth", EXAMPLE_SPEC, "--out", EXAMPLE_OUT);
const largeRoot = await shardedProject(64, 4, 1000);
const largeRun = await cli(largeRoot, "synth", "services/shards64/service.yaml");
const producerRoot = await producerProject();
const producerRun = await cli(producerRoot, "synth", "services/shop/service.yaml");

describe("ingest: the example's shuffle-sharded queue", () => {
  it("synthesizes the example", () => expect(exampleRun.code, exampleRun.stderr).toBe(0));
  const json = readStack(process.cwd(), "orders-dev", EXAMPLE_OUT);
  const lock = JSON.parse(readFileSync("services/orders/service.shards.lock.json", "utf8")).patterns.ingest;
  const shardQueues = values(json, "aws_sqs_queue").filter((q) => /^orders-dev-ingest-\d+$/.test(q.name));

  it("has one encrypted queue with its own DLQ per shard, tagged with the shard", async () => {
    expect(shardQueues.map((q) => q.name).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `orders-dev-ingest-${i}`).sort());
    for (const q of shardQueues) {
      expect(q.sqs_managed_sse_enabled).toBe(true);
      expect(q.tags["bulkhead:shard"]).toBe(q.name.split("-").pop());
      expect(q.redrive_policy).toMatch(/"maxReceiveCount":5/);
    }
    expect(values(json, "aws_sqs_queue").filter((q) => /^orders-dev-ingest-\d+-dlq$/.test(q.name))).toHaveLength(8);
  });

  it("bounds each shard's consumption separately: one mapping per shard, each capped", async () => {
    const ingest = values(json, "aws_lambda_function").find((f) => f.function_name === "orders-dev-ingest");
    expect(ingest).toBeDefined();
    const mappings = values(json, "aws_lambda_event_source_mapping").filter((m) => m.function_name.includes("function-ingest_"));
    expect(mappings).toHaveLength(8);
    for (const m of mappings) {
      expect(m.scaling_config).toEqual({ maximum_concurrency: 5 });
      expect(m.function_response_types).toEqual(["ReportBatchItemFailures"]);
    }
    expect(new Set(mappings.map((m) => m.event_source_arn)).size).toBe(8);
    expect(ingest.reserved_concurrent_executions).toBeUndefined();
  });

  it("lets the ingest consumer publish to order-events and nothing else", async () => {
    const ingest = values(json, "aws_lambda_function").find((f) => f.function_name === "orders-dev-ingest");
    expect(ingest.environment.variables.BULKHEAD_TOPIC_ARN_ORDER_EVENTS).toMatch(/^\$\{aws_sns_topic\.topic-order-events_topic_\w+\.arn\}$/);
    const policy = values(json, "aws_iam_role_policy").find((p) => p.role.includes("function-ingest_role"))!.policy as string;
    expect(policy).toMatch(/"Sid" = "SendToOrderEvents", "Effect" = "Allow", "Action" = \["sns:Publish"\], "Resource" = \[aws_sns_topic\.topic-order-events_topic_\w+\.arn\]/);
    expect(policy.match(/aws_sqs_queue\.queue-ingest-shard-\d+_queue_\w+\.arn/g)).toHaveLength(8);
  });

  it("lets only principals acting as one of a shard's tenants send to it, besides trusted senders", () => {
    const policy = (shard: number) => values(json, "aws_sqs_queue_policy").find((p) => p.queue_url.includes(`queue-ingest-shard-${shard}_queue_`))!.policy as string;
    for (let shard = 0; shard < 8; shard++) {
      const served = Object.keys(lock.assignments).filter((t) => lock.assignments[t].includes(shard)).sort();
      expect(policy(shard)).toContain(`"Sid" = "DenyUntrustedSenders", "Effect" = "Deny", "Principal" = "*", "Action" = "sqs:SendMessage"`);
      expect(policy(shard)).toContain(`"StringNotEquals" = {"aws:PrincipalTag/tenant" = [${served.map((t) => `"${t}"`).join(", ")}]}`);
    }
  });

  it("checks each record's tenant against its shard with its own routing table, and may dead-letter a mismatch", () => {
    const ingest = values(json, "aws_lambda_function").find((f) => f.function_name === "orders-dev-ingest");
    expect(ingest.environment.variables.BULKHEAD_TENANCY_PATTERN).toBe("ingest");
    const code = firstZipEntry(join(EXAMPLE_OUT, "stacks/orders-dev", ingest.filename));
    for (const [tenant, shards] of Object.entries(lock.assignments)) expect(code).toContain(`${tenant}:[${(shards as number[]).join(",")}]`);
    const policy = values(json, "aws_iam_role_policy").find((p) => p.role.includes("function-ingest_role"))!.policy as string;
    const deadLetter = policy.match(/"Sid" = "DeadLetterOtherTenants", "Effect" = "Allow", "Action" = \["sqs:GetQueueUrl", "sqs:SendMessage"\], "Resource" = \[([^\]]*)\]/)![1]!;
    expect(deadLetter.match(/aws_sqs_queue\.queue-ingest-shard-\d+_dlq_\w+\.arn/g)).toHaveLength(8);
  });

  it("is the one function the order-events topic lets publish", () => {
    const topicPolicy = values(json, "aws_sns_topic_policy")[0].policy as string;
    expect(topicPolicy).toMatch(/"Sid" = "DenyUntrustedSenders", "Effect" = "Deny", "Principal" = "\*", "Action" = "sns:Publish", "Resource" = aws_sns_topic\.topic-order-events_topic_\w+\.arn, "Condition" = \{"ArnNotLike" = \{"aws:PrincipalArn" = \[aws_iam_role\.function-ingest_role_\w+\.arn\]\}\}/);
  });

  it("publishes the routing table from the lock in SSM, because it fits the Standard tier", async () => {
    const parameter = values(json, "aws_ssm_parameter")[0];
    expect(parameter).toMatchObject({ name: "/bulkhead/orders/dev/ingest/routing-table", type: "String", tier: "Standard" });
    const table = JSON.parse(parameter.value);
    expect(table.queues).toEqual(Array.from({ length: 8 }, (_, i) => `orders-dev-ingest-${i}`));
    expect(table.tenants).toEqual(lock.assignments);
    expect(values(json, "aws_s3_bucket")).toEqual([]);
  });
});

describe("a routing table too large for SSM (64 shards x 1000 tenants)", () => {
  const root = largeRoot;
  it("synthesizes", () => expect(largeRun.code, largeRun.stderr).toBe(0));
  const json = readStack(root, "shards64-dev");

  it("goes to a private, encrypted, versioned, TLS-only bucket, and SSM points to it", async () => {
    const object = values(json, "aws_s3_object")[0];
    expect(object.key).toBe("routing-tables/ingest.json");
    expect(Object.keys(JSON.parse(object.content).tenants)).toHaveLength(1000);
    expect(values(json, "aws_s3_bucket")[0].bucket_prefix).toBe("shards64-dev-ingest-");
    expect(values(json, "aws_s3_bucket_public_access_block")[0]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(values(json, "aws_s3_bucket_versioning")[0].versioning_configuration).toEqual({ status: "Enabled" });
    expect(values(json, "aws_s3_bucket_server_side_encryption_configuration")).toHaveLength(1);
    expect(values(json, "aws_s3_bucket_policy")[0].policy).toContain('"aws:SecureTransport" = "false"');
    const parameter = values(json, "aws_ssm_parameter")[0];
    expect(parameter.value).toMatch(/^\$\{jsonencode\(\{"s3" = \{"bucket" = element\(split\(":::", aws_s3_bucket\.bucket-ingest-artifacts_bucket_\w+\.arn\), 1\), "key" = "routing-tables\/ingest\.json"\}\}\)\}$/);
  });

  it("has 64 shard queues, DLQs and capped mappings on one consumer", async () => {
    expect(values(json, "aws_sqs_queue")).toHaveLength(128);
    expect(values(json, "aws_lambda_event_source_mapping")).toHaveLength(64);
    expect(values(json, "aws_lambda_function")).toHaveLength(1);
  });
});

describe("a producer inside the service", () => {
  const root = producerRoot;
  const run = producerRun;
  const json = readStack(root, "shop-dev");

  it("gets the routing table compiled into its code", async () => {
    expect(run.code, run.stderr).toBe(0);
    const onboarding = values(json, "aws_lambda_function").find((f) => f.function_name === "shop-dev-signups-onboarding");
    const code = firstZipEntry(join(root, "cdktf.out/stacks/shop-dev", onboarding.filename));
    const lock = JSON.parse(readFileSync(join(root, "services/shop/service.shards.lock.json"), "utf8")).patterns.ingest;
    expect(code).toContain('"shop-dev-ingest-3"');
    for (const [tenant, shards] of Object.entries(lock.assignments)) expect(code).toContain(`${tenant}:[${(shards as number[]).join(",")}]`);
  });

  it("may send to exactly the shard queues", async () => {
    const policy = values(json, "aws_iam_role_policy").find((p) => p.role.includes("function-signups-onboarding_role"))!.policy as string;
    expect(policy).toMatch(/"Sid" = "SendToIngest", "Effect" = "Allow", "Action" = \["sqs:GetQueueUrl", "sqs:SendMessage"\]/);
    expect(policy.match(/aws_sqs_queue\.queue-ingest-shard-\d+_queue_\w+\.arn/g)).toHaveLength(4);
  });

  it("is trusted by every shard queue, whatever the tenant", async () => {
    const policies = values(json, "aws_sqs_queue_policy").filter((p) => /queue-ingest-shard-\d+_queue_/.test(p.queue_url));
    expect(policies).toHaveLength(4);
    for (const p of policies) expect(p.policy).toMatch(/"ArnNotLike" = \{"aws:PrincipalArn" = \[aws_iam_role\.function-signups-onboarding_role_\w+\.arn\]\}/);
  });
});
