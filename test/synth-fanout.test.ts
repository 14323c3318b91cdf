import { App, Testing } from "cdktf";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveService } from "../patterns/model/resolve-service.js";
import { ServiceStack } from "../patterns/service-stack.js";
import { loadSpec } from "../patterns/spec/load.js";
import { bundlesFor } from "./support/bundles.js";
import { cli, projectOutDir, readStack } from "./support/project.js";

/** The example's order-events fan-out alone, so the counts below are the pattern's own. */
async function synthExample(environment: string): Promise<Record<string, any>> {
  const { spec } = loadSpec("services/orders/service.yaml");
  const fanoutOnly = { ...spec, patterns: { "order-events": spec.patterns["order-events"]! } };
  const model = resolveService(fanoutOnly, environment, { specDir: "services/orders" });
  const where = { projectRoot: process.cwd(), outDir: join(process.cwd(), "cdktf.out"), bundles: await bundlesFor(model) };
  const stack = new ServiceStack(Testing.app() as App, model, where);
  return JSON.parse(Testing.synth(stack));
}

const json = await synthExample("prod");
const resources = (type: string): any[] => Object.values(json.resource[type] ?? {});
const policyOf = (r: any) => r.policy as string;

describe("order-events fan-out (example service)", () => {
  const text = JSON.stringify(json);

  it("matches the cdktf Testing assertions", async () => {
    expect(Testing.toHaveResourceWithProperties(text, "aws_sns_topic", { name: "orders-prod-order-events", kms_master_key_id: "alias/aws/sns" })).toBe(true);
    expect(Testing.toHaveResourceWithProperties(text, "aws_dynamodb_table", { name: "orders-prod-idempotency", billing_mode: "PAY_PER_REQUEST", hash_key: "id", point_in_time_recovery: { enabled: true }, server_side_encryption: { enabled: true }, ttl: { attribute_name: "expiration", enabled: true } })).toBe(true);
    expect(Testing.toHaveProviderWithProperties(text, "aws", { region: "us-east-1", default_tags: [{ tags: { service: "orders", environment: "prod", "managed-by": "bulkhead", "bulkhead:stack": "orders-prod" } }] })).toBe(true);
  });

  it("pins a provider range both 5.100 and 6.x satisfy, and keeps local state beside the project, outside the output synth rewrites", async () => {
    expect(json.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" });
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.orders-prod.tfstate" } });
  });

  it("gives every subscriber an encrypted queue and DLQ with bounded receives", async () => {
    const queues = resources("aws_sqs_queue");
    expect(queues.map((q) => q.name).sort()).toEqual(
      ["audit", "billing", "shipping"].flatMap((s) => [`orders-prod-order-events-${s}`, `orders-prod-order-events-${s}-dlq`]).sort(),
    );
    for (const q of queues) expect(q.sqs_managed_sse_enabled).toBe(true);
    const main = queues.filter((q) => !q.name.endsWith("-dlq"));
    for (const q of main) {
      expect(q.redrive_policy).toMatch(/"maxReceiveCount":5/);
      expect(q.redrive_policy).toMatch(/deadLetterTargetArn.*aws_sqs_queue\.queue-order-events-\w+_dlq_\w+\.arn/);
    }
    const visibility = Object.fromEntries(main.map((q) => [q.name, q.visibility_timeout_seconds]));
    expect(visibility).toEqual({
      "orders-prod-order-events-billing": 180,
      "orders-prod-order-events-shipping": 180,
      "orders-prod-order-events-audit": 185, // 6 x 30 s + 5 s batching window
    });
    expect(resources("aws_sqs_queue_redrive_allow_policy")).toHaveLength(3);
    for (const r of resources("aws_sqs_queue_redrive_allow_policy")) expect(r.redrive_allow_policy).toMatch(/"redrivePermission":"byQueue"/);
  });

  it("queue and topic policies deny non-TLS access and admit only the topic", async () => {
    const policies = resources("aws_sqs_queue_policy").map(policyOf);
    expect(policies).toHaveLength(6);
    for (const p of policies) {
      expect(p).toContain('"aws:SecureTransport" = "false"');
      expect(p).toContain('"aws:SourceArn" = [aws_sns_topic.topic-order-events_topic_');
      expect(p).not.toMatch(/"Effect" = "Allow", "Principal" = "\*"/);
    }
    expect(policyOf(resources("aws_sns_topic_policy")[0])).toContain('"aws:SecureTransport" = "false"');
  });

  it("lets nobody publish to a topic that no function sends to and the spec names no publisher for", async () => {
    // Alone, the fan-out has no sender: its topic denies every Publish (the topic-publishers rule warns).
    const statements = policyOf(resources("aws_sns_topic_policy")[0]).match(/\{"Sid" = "DenyUntrustedSenders"[^}]*\}/)![0];
    expect(statements).toBe(`{"Sid" = "DenyUntrustedSenders", "Effect" = "Deny", "Principal" = "*", "Action" = "sns:Publish", "Resource" = aws_sns_topic.topic-order-events_topic_9D6EF5A8.arn}`);
  });

  it("subscribes with filters, raw delivery by default, and a DLQ on every subscription", async () => {
    const subs = Object.fromEntries(resources("aws_sns_topic_subscription").map((s) => [s.endpoint.match(/queue-order-events-(\w+)_queue/)[1], s]));
    expect(Object.keys(subs).sort()).toEqual(["audit", "billing", "shipping"]);
    expect(JSON.parse(subs.billing.filter_policy)).toEqual({ eventType: ["OrderPlaced"] });
    expect(subs.billing.filter_policy_scope).toBe("MessageAttributes");
    expect(subs.audit.filter_policy).toBeUndefined();
    expect(subs.billing.raw_message_delivery).toBe(true);
    expect(subs.audit.raw_message_delivery).toBe(false);
    for (const s of Object.values(subs) as any[]) expect(s.redrive_policy).toMatch(/deadLetterTargetArn.*_dlq_/);
  });

  it("bounds every consumer and reports partial batch failures", async () => {
    const fns = Object.fromEntries(resources("aws_lambda_function").map((f) => [f.function_name, f]));
    expect(fns["orders-prod-order-events-billing"].reserved_concurrent_executions).toBe(20);
    for (const f of Object.values(fns) as any[]) {
      expect(f).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], memory_size: 256, timeout: 30, handler: "index.handler" });
      expect(f.filename).toMatch(/^assets\/.*\.zip$/);
      expect(f.environment.variables.BULKHEAD_IDEMPOTENCY_TABLE).toBe("orders-prod-idempotency");
    }
    expect(fns["orders-prod-order-events-billing"].environment.variables.BULKHEAD_IDEMPOTENCY_KEY).toBe("orderId");
    expect(fns["orders-prod-order-events-audit"].environment.variables.BULKHEAD_MESSAGE_FORMAT).toBe("sns-envelope");
    const mappings = resources("aws_lambda_event_source_mapping");
    expect(mappings).toHaveLength(3);
    for (const m of mappings) expect(m.function_response_types).toEqual(["ReportBatchItemFailures"]);
    // billing reserves 20, so its mapping is capped at 20 and Lambda never throttles its poller.
    expect(mappings.map((m) => m.scaling_config?.maximum_concurrency ?? null).sort()).toEqual([10, 5, 20].sort());
  });

  it("gives each function its own role reaching only its queue, its idempotency keys and its logs", async () => {
    const policies = resources("aws_iam_role_policy").map(policyOf);
    expect(policies).toHaveLength(3);
    for (const p of policies) {
      expect(p).not.toMatch(/"Action" = \[[^\]]*("\*"|:\*")/);
      // X-Ray's two actions take no resource: the one "*" a role may have.
      const wildcards = [...p.matchAll(/"Action" = \[([^\]]*)\], "Resource" = \["\*"\]/g)].map((m) => m[1]);
      expect(wildcards).toEqual(['"xray:PutTelemetryRecords", "xray:PutTraceSegments"']);
      const fn = p.match(/"dynamodb:LeadingKeys" = \["(orders-prod-order-events-\w+)#\*"\]/)?.[1];
      expect(fn).toBeDefined();
      expect(p).toContain(`queue-${fn!.replace("orders-prod-", "")}_queue_`);
    }
    expect(new Set(resources("aws_iam_role").map((r) => r.name)).size).toBe(3);
  });

  it("notifies the environment's alarm topic, and keeps alarm state while a DLQ goes quiet", async () => {
    for (const alarm of resources("aws_cloudwatch_metric_alarm")) {
      expect(alarm.alarm_actions).toEqual(["arn:aws:sns:us-east-1:123456789012:platform-alarms"]);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
    }
    const dlqDepth = resources("aws_cloudwatch_metric_alarm").filter((a) => a.metric_name === "ApproximateNumberOfMessagesVisible");
    expect(dlqDepth.map((a) => a.treat_missing_data)).toEqual(["ignore", "ignore", "ignore"]);
    expect((await synthExample("dev")).resource.aws_cloudwatch_metric_alarm).toSatisfy((alarms: object) =>
      Object.values(alarms).every((a: any) => a.alarm_actions === undefined),
    );
  });

  it("keeps logs for 30 days and alarms on DLQ depth, message age, errors, throttles and the runtime's failed records", async () => {
    expect(resources("aws_cloudwatch_log_group").map((g) => g.retention_in_days)).toEqual([30, 30, 30]);
    const metrics = resources("aws_cloudwatch_metric_alarm").map((a) => a.metric_name).sort();
    expect(metrics).toEqual(
      [...Array(3).fill("ApproximateAgeOfOldestMessage"), ...Array(3).fill("ApproximateNumberOfMessagesVisible"), ...Array(3).fill("Errors"), ...Array(3).fill("Throttles"), ...Array(3).fill("failed")].sort(),
    );
  });
});

const LEDGER_OUT = projectOutDir("ledger-out");
const ledgerRun = await cli("test/fixtures/ledger", "synth", "services/ledger/service.yaml", "--out", `../../../${LEDGER_OUT}`);

describe("FIFO fan-out with an S3 backend (ledger fixture)", () => {
  const root = "test/fixtures/ledger";
  const run = ledgerRun;
  const prod = readStack(root, "ledger-prod", `../../../${LEDGER_OUT}`);

  it("synthesizes one stack per environment, with the environment's region", async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(prod.provider.aws[0].region).toBe("eu-central-1");
  });

  it("uses S3 state with locking, one key per service and environment", async () => {
    expect(prod.terraform.backend.s3).toEqual({ bucket: "acme-tfstate", key: "bulkhead/ledger/prod.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true });
  });

  it("makes topic, queues and DLQs FIFO, with .fifo names", async () => {
    const topic = Object.values(prod.resource.aws_sns_topic)[0] as any;
    expect(topic).toMatchObject({ name: "ledger-prod-postings.fifo", fifo_topic: true });
    for (const q of Object.values(prod.resource.aws_sqs_queue) as any[]) {
      expect(q.fifo_queue).toBe(true);
      expect(q.name).toMatch(/\.fifo$/);
    }
    const subs = Object.values(prod.resource.aws_sns_topic_subscription) as any[];
    const filtered = subs.find((s) => s.filter_policy);
    expect(filtered.filter_policy_scope).toBe("MessageBody");
    // Escaped for Terraform, so SNS receives `${var.region}` and `%{ if x }` literally (terraform-stacks plans it).
    expect(JSON.parse(filtered.filter_policy).template).toEqual(["$${var.region}", "%%{ if x }"]);
  });

  it("derives visibility from each function's own timeout", async () => {
    const balances = (Object.values(prod.resource.aws_sqs_queue) as any[]).find((q) => q.name === "ledger-prod-postings-balances.fifo");
    expect(balances.visibility_timeout_seconds).toBe(360);
  });
});
