import { describe, expect, it } from "vitest";
import { cli, readStack } from "./support/project.js";
import { operationsProject } from "./support/operations-project.js";

const values = (json: any, type: string): any[] => Object.values(json.resource[type] ?? {});
const root = operationsProject();
const run = await cli(root, "synth", "services/ops/service.yaml");
const prod = run.code === 0 ? readStack(root, "ops-prod") : {};
const dev = run.code === 0 ? readStack(root, "ops-dev") : {};

describe("an alarm topic bulkhead creates", () => {
  it("synthesizes", () => expect(run.code, run.stderr).toBe(0));

  it("is encrypted with a rotated customer key whose policy lets CloudWatch use it", () => {
    const [key] = values(prod, "aws_kms_key");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    const policy = values(prod, "aws_kms_key_policy")[0].policy as string;
    expect(policy).toMatch(/"Principal" = \{"Service" = "cloudwatch\.amazonaws\.com"\}, "Action" = \["kms:Decrypt", "kms:GenerateDataKey\*"\]/);
    expect(policy).toContain('"AWS" = "arn:${element(split(":", aws_kms_key.alarm-topic_key_');
    const topic = values(prod, "aws_sns_topic").find((t) => t.name === "ops-prod-alarms");
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.alarm-topic_key_\w+\.arn\}$/);
    expect(values(prod, "aws_kms_alias")[0].name).toBe("alias/ops-prod-alarms");
  });

  it("is what every alarm notifies, and has the spec's subscribers", () => {
    const alarms = values(prod, "aws_cloudwatch_metric_alarm");
    expect(alarms.length).toBeGreaterThan(4);
    for (const a of alarms) {
      expect(a.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.alarm-topic_\w+\.arn\}$/)]);
      expect(a.ok_actions).toEqual(a.alarm_actions);
    }
    expect(values(prod, "aws_sns_topic_subscription").filter((s) => s.protocol !== "sqs").map((s) => [s.protocol, s.endpoint])).toEqual([
      ["email", "oncall@example.com"],
      ["https", "https://events.example.com/integration/abc/enqueue"],
    ]);
    expect(values(dev, "aws_sns_topic").map((t) => t.name)).toEqual(["ops-dev-events"]);
  });
});

describe("operating defaults", () => {
  it("alarms on each consumer's failed records, which Lambda's Errors does not count", () => {
    const alarm = values(prod, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name === "ops-prod-events-ledger-failed");
    expect(alarm).toMatchObject({ namespace: "bulkhead/ops", metric_name: "failed", statistic: "Sum", threshold: 1, dimensions: { service: "ops", function: "ops-prod-events-ledger" } });
  });

  it("protects tables from deletion unless the environment says otherwise", () => {
    expect(values(prod, "aws_dynamodb_table")[0].deletion_protection_enabled).toBe(true);
    expect(values(dev, "aws_dynamodb_table")[0].deletion_protection_enabled).toBe(false);
  });

  it("remembers processed messages for the window the spec gives, and keeps a margin from the timeout", () => {
    const vars = values(prod, "aws_lambda_function")[0].environment.variables;
    expect(vars.BULKHEAD_IDEMPOTENCY_TTL_SECONDS).toBe("1209600");
    expect(vars.BULKHEAD_TIME_MARGIN_MS).toBe("3000");
    const policy = values(prod, "aws_iam_role_policy")[0].policy as string;
    expect(policy).not.toContain("sqs:ChangeMessageVisibility");
  });
});

describe("secrets and parameters a consumer names", () => {
  it("are readable by exactly their ARNs, decryptable only with the named key and only through SSM", () => {
    const policy = values(prod, "aws_iam_role_policy")[0].policy as string;
    expect(policy).toContain('{"Sid" = "ReadSecrets", "Effect" = "Allow", "Action" = ["secretsmanager:GetSecretValue"], "Resource" = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger/api-key-AbCdEf"]}');
    expect(policy).toContain('{"Sid" = "ReadParameters", "Effect" = "Allow", "Action" = ["ssm:GetParameter"], "Resource" = ["arn:aws:ssm:eu-west-1:123456789012:parameter/ops/feature-flags", "arn:aws:ssm:eu-west-1:123456789012:parameter/ops/signing-key"]}');
    expect(policy).toContain('{"Sid" = "DecryptParameters", "Effect" = "Allow", "Action" = ["kms:Decrypt"], "Resource" = ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"], "Condition" = {"StringEquals" = {"kms:ViaService" = ["ssm.eu-west-1.amazonaws.com"]}}}');
    expect(policy).not.toContain("DecryptSecrets");
  });

  it("are handed to the runtime by name, with the cache time", () => {
    const vars = values(prod, "aws_lambda_function")[0].environment.variables;
    expect(JSON.parse(vars.BULKHEAD_SECRETS)).toEqual({ ledgerApiKey: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger/api-key-AbCdEf" });
    expect(Object.keys(JSON.parse(vars.BULKHEAD_PARAMETERS))).toEqual(["featureFlags", "signingKey"]);
    expect(vars.BULKHEAD_PARAMETERS_CACHE_SECONDS).toBe("600");
  });
});

describe("a claim-check bucket for payloads over a hop's limit", () => {
  it("is private, encrypted, TLS-only, unversioned, and keeps objects as long as a message can point to them", () => {
    const bucket = values(prod, "aws_s3_bucket").find((b) => b.bucket_prefix?.startsWith("ops-prod-claims-"));
    expect(bucket).toBeDefined();
    expect(values(prod, "aws_s3_bucket_public_access_block")[0]).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(values(prod, "aws_s3_bucket_versioning")).toEqual([]);
    const [lifecycle] = values(prod, "aws_s3_bucket_lifecycle_configuration");
    // 1 day in the subscriber's queue, 14 in its DLQ, and one for S3's rounding to midnight.
    expect(lifecycle.rule).toEqual([expect.objectContaining({ status: "Enabled", expiration: [{ days: 16 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] })]);
    expect(values(prod, "aws_s3_bucket_policy")[0].policy).toContain('"aws:SecureTransport" = "false"');
  });

  it("lets the consumer get the pattern's objects and nothing else", () => {
    const policy = values(prod, "aws_iam_role_policy")[0].policy as string;
    expect(policy).toMatch(/\{"Sid" = "ClaimCheckGet", "Effect" = "Allow", "Action" = \["s3:GetObject"\], "Resource" = \["\$\{aws_s3_bucket\.bucket-claim-check_bucket_\w+\.arn\}\/events\/\*"\]\}/);
    expect(values(prod, "aws_lambda_function")[0].environment.variables.BULKHEAD_CLAIM_CHECK_BUCKET).toMatch(/^\$\{aws_s3_bucket\.bucket-claim-check_bucket_\w+\.arn\}$/);
  });
});

describe("alarm topics the spec names", () => {
  it("in another region than the stack are rejected where they are written", async () => {
    const other = operationsProject();
    const { writeFileSync, readFileSync } = await import("node:fs");
    const file = `${other}/services/ops/service.yaml`;
    writeFileSync(file, readFileSync(file, "utf8").replace(/  prod:\n    budget: .*\n    alarms:\n.*\n.*\n/, '  prod: { alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:platform-alarms" }\n'));
    const result = await cli(other, "check", "services/ops/service.yaml");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/service\.yaml:\d+:\d+ environments\.prod\.alarmTopicArn: is in us-east-1, but the prod stack is in eu-west-1: CloudWatch alarms can only notify a topic in their own region; .*\[alarm-topic-region\]/);
  });
});

describe("a dashboard per stack", () => {
  const bodies = (json: any) => values(json, "aws_cloudwatch_dashboard").map((d) => JSON.parse(d.dashboard_body));
  it("lays the stack out from the front door down, naming every topic, function, queue, DLQ and table", () => {
    const [body] = bodies(prod);
    const text = JSON.stringify(body);
    const names = [
      ...values(prod, "aws_sns_topic").filter((t) => t.name !== "ops-prod-alarms").map((t) => t.name),
      ...values(prod, "aws_lambda_function").map((f) => f.function_name),
      ...values(prod, "aws_sqs_queue").map((q) => q.name),
      ...values(prod, "aws_dynamodb_table").map((t) => t.name),
    ];
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) expect(text).toContain(`"${name}"`);
    const headings = body.widgets.filter((w: any) => w.type === "text").map((w: any) => w.properties.markdown);
    expect(headings).toEqual(["## Front door: topics", "## Functions: events", "## Queues", "## Dead-letter queues", "## Tables"]);
    const records = body.widgets.find((w: any) => w.properties.title === "ops-prod-events-ledger: records");
    expect(records.properties.metrics.map((m: any[]) => m[1])).toEqual(["processed", "duplicate", "failed", "deferredForTime"]);
    expect(values(prod, "aws_cloudwatch_dashboard")[0].dashboard_name).toBe("ops-prod");
  });
});

describe("tracing", () => {
  it("is active on every function and topic by default, with the one wildcard X-Ray needs", () => {
    expect(values(prod, "aws_lambda_function").map((f) => f.tracing_config)).toEqual([{ mode: "Active" }]);
    expect(values(prod, "aws_sns_topic").find((t) => t.name === "ops-prod-events").tracing_config).toBe("Active");
    expect(values(prod, "aws_iam_role_policy")[0].policy).toContain('{"Sid" = "WriteTraces", "Effect" = "Allow", "Action" = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], "Resource" = ["*"]}');
  });
});

describe("a budget per environment", () => {
  it("alerts at 80% and 100%, actual and forecast, on the stack's tags", () => {
    const [b] = values(prod, "aws_budgets_budget");
    expect(b).toMatchObject({ name: "ops-prod-monthly", budget_type: "COST", limit_amount: "250.00", limit_unit: "USD", time_unit: "MONTHLY" });
    expect(b.cost_filter).toEqual([{ name: "TagKeyValue", values: ["user:bulkhead:stack$ops-prod"] }]);
    expect(b.notification.map((n: any) => [n.threshold, n.notification_type, n.subscriber_email_addresses])).toEqual([
      [80, "ACTUAL", ["finance@example.com"]],
      [100, "ACTUAL", ["finance@example.com"]],
      [80, "FORECASTED", ["finance@example.com"]],
      [100, "FORECASTED", ["finance@example.com"]],
    ]);
    expect(values(dev, "aws_budgets_budget")).toEqual([]);
  });
});
