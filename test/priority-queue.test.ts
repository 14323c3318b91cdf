import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { resolveService } from "../patterns/model/resolve-service.js";
import { parseSpec } from "../patterns/spec/load.js";
import { cli, projectOutDir, readStack, tempProject } from "./support/project.js";

const values = (json: any, type: string): any[] => Object.values(json.resource[type] ?? {});
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const out = projectOutDir("priority-example");
const exampleRun = await cli(process.cwd(), "synth", "services/orders/service.yaml", "--out", out);
const json = readStack(process.cwd(), "orders-prod", out);
const policyOf = (fn: string) => values(json, "aws_iam_role_policy").find((p) => p.role.includes(`function-${fn}_role`))!.policy as string;

describe("notifications: the example's priority queue", () => {
  it("synthesizes", () => expect(exampleRun.code, exampleRun.stderr).toBe(0));

  it("has a resilient queue, DLQ and consumer per lane, each with its own concurrency cap", () => {
    const names = values(json, "aws_sqs_queue").map((q) => q.name).filter((n: string) => n.includes("notifications"));
    expect(names.sort()).toEqual(["high", "low", "surge"].flatMap((l) => [`orders-prod-notifications-${l}`, `orders-prod-notifications-${l}-dlq`]).sort());
    for (const q of values(json, "aws_sqs_queue").filter((q) => q.name.includes("notifications") && !q.name.endsWith("-dlq"))) {
      expect(q.tags["bulkhead:lane"]).toBe(q.name.split("-").pop());
      expect(q.redrive_policy).toContain("maxReceiveCount");
    }
    const caps = Object.fromEntries(
      values(json, "aws_lambda_event_source_mapping")
        .filter((m) => String(m.function_name).includes("notifications"))
        .map((m) => [String(m.function_name).match(/notifications-(high|low|surge)/)![1], m.scaling_config.maximum_concurrency]),
    );
    expect(caps).toEqual({ high: 20, low: 5, surge: 10 });
  });

  it("gives each lane its age limits; high and surge defer to the low lane, which never defers", () => {
    const env = (lane: string) => values(json, "aws_lambda_function").find((f) => f.function_name === `orders-prod-notifications-${lane}`).environment.variables;
    expect(env("high")).toMatchObject({ BULKHEAD_LANE: "high", BULKHEAD_DEFER_AFTER_SECONDS: "60", BULKHEAD_EXPIRE_AFTER_SECONDS: "86400", BULKHEAD_DEFER_TO_QUEUE: "orders-prod-notifications-low", BULKHEAD_IDEMPOTENCY_SCOPE: "orders-prod-notifications@lanes", BULKHEAD_IDEMPOTENCY_TTL_SECONDS: String(86400 + 43200) });
    expect(env("surge")).toMatchObject({ BULKHEAD_LANE: "surge", BULKHEAD_DEFER_TO_QUEUE: "orders-prod-notifications-low" });
    expect(env("low")).toMatchObject({ BULKHEAD_LANE: "low", BULKHEAD_EXPIRE_AFTER_SECONDS: "86400" });
    expect(env("low").BULKHEAD_DEFER_TO_QUEUE).toBeUndefined();
  });

  it("lets high and surge send only to the low lane, and every lane reach only the pattern's idempotency keys", () => {
    for (const lane of ["high", "surge"]) {
      expect(policyOf(`notifications-${lane}`)).toMatch(/"Sid" = "DeferToLowLane", "Effect" = "Allow", "Action" = \["sqs:GetQueueUrl", "sqs:SendMessage"\], "Resource" = \[aws_sqs_queue\.queue-notifications-low_queue_\w+\.arn\]/);
    }
    expect(policyOf("notifications-low")).not.toContain("DeferToLowLane");
    for (const lane of ["high", "low", "surge"]) expect(policyOf(`notifications-${lane}`)).toContain('"dynamodb:LeadingKeys" = ["orders-prod-notifications@lanes#*"]');
  });

  it("gives the producer send rights on every lane, the backlog reading on the high lane only, and the lanes by name", () => {
    const shipping = policyOf("order-events-shipping");
    expect(shipping).toMatch(/"Sid" = "SendToNotifications", "Effect" = "Allow", "Action" = \["sqs:GetQueueUrl", "sqs:SendMessage"\], "Resource" = \[aws_sqs_queue\.queue-notifications-high_queue_\w+\.arn, aws_sqs_queue\.queue-notifications-low_queue_\w+\.arn, aws_sqs_queue\.queue-notifications-surge_queue_\w+\.arn\]/);
    expect(shipping).toMatch(/"Sid" = "ObserveNotifications", "Effect" = "Allow", "Action" = \["sqs:GetQueueAttributes"\], "Resource" = \[aws_sqs_queue\.queue-notifications-high_queue_\w+\.arn\]/);
    const env = values(json, "aws_lambda_function").find((f) => f.function_name === "orders-prod-order-events-shipping").environment.variables;
    expect(JSON.parse(env.BULKHEAD_PRIORITY_QUEUE_NOTIFICATIONS)).toEqual({
      pattern: "notifications",
      lanes: { high: "orders-prod-notifications-high", low: "orders-prod-notifications-low", surge: "orders-prod-notifications-surge" },
      surgeWhenBacklogOver: 1000,
    });
  });

  it("alarms when a lane drops expired work", () => {
    const expiry = values(json, "aws_cloudwatch_metric_alarm").filter((a) => a.metric_name === "expired");
    expect(expiry.map((a) => a.dimensions.function).sort()).toEqual(["high", "low", "surge"].map((l) => `orders-prod-notifications-${l}`));
    for (const a of expiry) {
      expect(a).toMatchObject({ namespace: "bulkhead/orders", statistic: "Sum", threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold", treat_missing_data: "notBreaching" });
      expect(a.dimensions.service).toBe("orders");
      expect(a.alarm_actions).toEqual(["arn:aws:sns:us-east-1:123456789012:platform-alarms"]);
    }
  });
});

const HEADER = "version: 1\nservice: shop\nregion: us-east-1\nenvironments:\n  dev: {}\n";
function jobs(settings = "", lanes: { high?: string; low?: string } = {}): string {
  return `${HEADER}patterns:
  jobs:
    type: priority-queue
    deferAfterSeconds: 60
    expireAfterSeconds: 3600
${settings}    consumers:
      high: { handler: handlers/jobs.ts${lanes.high ?? ""} }
      low: { handler: handlers/jobs.ts${lanes.low ?? ""} }
`;
}

const modelOf = (yaml: string) => resolveService(parseSpec("service.yaml", yaml).spec, "dev", { specDir: "services/shop" });

async function check(spec: string) {
  const root = tempProject(spec, ["handlers/jobs.ts"], "shop");
  roots.push(root);
  return cli(root, "check");
}

describe("priority-queue specs and guardrails", () => {
  it("a plain two-lane spec passes", async () => {
    const run = await check(jobs());
    expect(run.code, run.stderr).toBe(0);
  });

  it("fifo is refused with the reason", async () => {
    const run = await check(jobs("    fifo: true\n"));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^services\/shop\/service\.yaml:\d+:\d+ patterns\.jobs\.fifo: a priority queue cannot be FIFO: deferral moves a message to another lane, where it runs after messages of its group sent later; use a FIFO fanout for ordered work$/m);
  });

  it("priority-age-limits: deferral must come before expiry", async () => {
    const run = await check(jobs().replace("deferAfterSeconds: 60", "deferAfterSeconds: 3600"));
    expect(run.stderr).toMatch(/^services\/shop\/service\.yaml:9:24 patterns\.jobs\.deferAfterSeconds: must be less than expireAfterSeconds \(3600\), got 3600: work would expire in the high lane before it is ever deferred \[priority-age-limits\]$/m);
  });

  it("priority-age-limits: expiry must come before SQS deletes the work", async () => {
    const run = await check(jobs("", { low: ", queue: { messageRetentionSeconds: 1800 }" }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/patterns\.jobs\.expireAfterSeconds: must be at most the low lane's message retention \(1800 s, queue shop-dev-jobs-low\), got 3600: SQS would delete older work before the runtime can count it as expired.*\[priority-age-limits\]/);
    expect(run.stderr).not.toMatch(/high lane's message retention/);
  });

  it("priority-lanes-one-key: every lane keys the same message the same way", async () => {
    const run = await check(jobs("", { high: ", idempotencyKey: jobId" }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/patterns\.jobs\.consumers\.low\.idempotencyKey: must be the high lane's idempotencyKey \(jobId\), got none \(the bulkhead-message-id\): work jobs defers from one lane to another must get the same key in both, or it can run twice \[priority-lanes-one-key\]/);
    expect((await check(jobs("", { high: ", idempotencyKey: jobId", low: ", idempotencyKey: jobId" }))).code).toBe(0);
  });

  it("the claim-check threshold counts the attributes the pattern stamps", async () => {
    const threshold = (payload: number) => modelOf(jobs(`    maxPayloadBytes: ${payload}\n`)).claimChecks.map((p) => [p.pattern, p.thresholdBytes]);
    expect(threshold(260_736)).toEqual([]);
    expect(threshold(261_000)).toEqual([["jobs", 260_736]]);
  });

  it("every lane counts against the reserved-concurrency budget and the unreserved pool", async () => {
    const reserved = await check(jobs("", { high: ", reservedConcurrency: 500", low: ", reservedConcurrency: 450" }));
    expect(reserved.stderr).toMatch(/reserved concurrency in dev adds up to 950, over the budget of 900.*\[account-concurrency-budget\]/);
    // A reserved lane shrinks the pool the others poll from.
    const pooled = await check(jobs("", { high: ", reservedConcurrency: 850", low: ", maxConcurrency: 60" }));
    expect(pooled.stderr).toMatch(/patterns\.jobs\.consumers\.low\.maxConcurrency: shop-dev-jobs-low may run 60 at once \(60\), above the 50 left unreserved in dev \(accountConcurrency 1000 - 100 kept unreserved - 850 reserved in the stack\).*\[consumer-concurrency-within-account\]/);
  });

  it("the deferral edge is allowed; a lane consumer sending to its own pattern is still a loop", async () => {
    expect((await check(jobs())).stderr).not.toMatch(/no-self-feeding-consumer/);
    const low = await check(jobs("", { low: ", sendsTo: [jobs]" }));
    expect(low.stderr).toMatch(/^services\/shop\/service\.yaml:\d+:\d+ patterns\.jobs\.consumers\.low: shop-dev-jobs-low consumes a queue it feeds; set consumesOwnOutput: true if that is intended \[no-self-feeding-consumer\]$/m);
    const high = await check(jobs("", { high: ", sendsTo: [jobs]" }));
    expect(high.stderr).toMatch(/patterns\.jobs\.consumers\.high: shop-dev-jobs-high consumes a queue it feeds/);
  });
});
