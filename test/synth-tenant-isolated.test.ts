import { describe, expect, it } from "vitest";
import { cli, readStack } from "./support/project.js";
import { siloProject, tenantIds } from "./support/silo-project.js";

const values = (json: any, type: string): any[] => Object.values(json.resource[type] ?? {});
const named = (json: any, type: string, key: string, name: string) => values(json, type).find((r) => r[key] === name);

const root = siloProject({ tenants: 50, perTenant: 3, patternLines: ["overrides:", "  tenant-0007: { reservedConcurrency: 12, function: { memoryMb: 1024 } }"] });
const run = await cli(root, "synth", "services/silos50/service.yaml");
const json = run.code === 0 ? readStack(root, "silos50-dev") : {};
const tenants = tenantIds(50);

/** The queue policy of a tenant's queue (not its DLQ), by the queue's construct id. */
function queuePolicy(tenant: string): string {
  return values(json, "aws_sqs_queue_policy").find((p) => p.queue_url.includes(`queue-reports-${tenant}_queue_`))!.policy;
}
function rolePolicy(tenant: string): string {
  return values(json, "aws_iam_role_policy").find((p) => p.role.includes(`function-reports-${tenant}_role_`))!.policy;
}

describe("a tenant-isolated function: one silo per tenant", () => {
  it("synthesizes", () => expect(run.code, run.stderr).toBe(0));

  it("gives every tenant its own queue, DLQ, function, role, log group and alarms, tagged with the tenant", () => {
    for (const tenant of tenants) {
      const name = `silos50-dev-reports-${tenant}`;
      expect(named(json, "aws_sqs_queue", "name", name).tags["bulkhead:tenant"]).toBe(tenant);
      expect(named(json, "aws_sqs_queue", "name", `${name}-dlq`).tags["bulkhead:tenant"]).toBe(tenant);
      const fn = named(json, "aws_lambda_function", "function_name", name);
      expect(fn.tags["bulkhead:tenant"]).toBe(tenant);
      expect(fn.environment.variables.BULKHEAD_TENANT).toBe(tenant);
      expect(named(json, "aws_iam_role", "name", name).tags["bulkhead:tenant"]).toBe(tenant);
      expect(named(json, "aws_cloudwatch_log_group", "name", `/aws/lambda/${name}`)).toBeDefined();
      for (const alarm of ["errors", "throttles"]) expect(named(json, "aws_cloudwatch_metric_alarm", "alarm_name", `${name}-${alarm}`)).toBeDefined();
      expect(named(json, "aws_cloudwatch_metric_alarm", "alarm_name", `${name}-dlq-depth`)).toBeDefined();
    }
    expect(values(json, "aws_lambda_function").filter((f) => f.tags["bulkhead:tenant"])).toHaveLength(50);
  });

  it("reserves each tenant's concurrency, caps its event source at it, and applies overrides", () => {
    const fn = (tenant: string) => named(json, "aws_lambda_function", "function_name", `silos50-dev-reports-${tenant}`);
    expect(fn("tenant-0000").reserved_concurrent_executions).toBe(3);
    expect(fn("tenant-0007")).toMatchObject({ reserved_concurrent_executions: 12, memory_size: 1024 });
    const mapping = (tenant: string) => values(json, "aws_lambda_event_source_mapping").find((m) => m.function_name.includes(`function-reports-${tenant}_`));
    expect(mapping("tenant-0000").scaling_config).toEqual({ maximum_concurrency: 3 });
    expect(mapping("tenant-0007").scaling_config).toEqual({ maximum_concurrency: 12 });
  });

  it("lets each tenant's role reach only its own queue, DLQ, idempotency keys, items and objects", () => {
    for (const tenant of ["tenant-0000", "tenant-0031"]) {
      const policy = rolePolicy(tenant);
      const queues = policy.match(/aws_sqs_queue\.queue-reports-[\w-]+?_(queue|dlq)_\w+\.arn/g)!;
      expect(new Set(queues.map((q) => q.replace(/_(queue|dlq)_\w+\.arn$/, "")))).toEqual(new Set([`aws_sqs_queue.queue-reports-${tenant}`]));
      expect(policy).toContain(`"dynamodb:LeadingKeys" = ["silos50-dev-reports-${tenant}#*"]`);
      expect(policy).toContain(`"dynamodb:LeadingKeys" = ["${tenant}#*"]`);
      expect(policy).toMatch(new RegExp(`aws_s3_bucket\\.bucket-reports-data_bucket_\\w+\\.arn\\}/tenants/${tenant}/\\*`));
      expect(policy).toContain(`"s3:prefix" = ["tenants/${tenant}/*"]`);
      for (const other of tenants.filter((t) => t !== tenant)) expect(policy).not.toContain(other);
    }
  });

  it("hands the runtime the shared table and bucket, and creates them once", () => {
    const vars = named(json, "aws_lambda_function", "function_name", "silos50-dev-reports-tenant-0000").environment.variables;
    expect(vars.BULKHEAD_TENANT_TABLE).toBe("silos50-dev-reports-data");
    expect(vars.BULKHEAD_TENANT_BUCKET).toMatch(/^\$\{aws_s3_bucket\.bucket-reports-data_bucket_\w+\.arn\}$/);
    const table = named(json, "aws_dynamodb_table", "name", "silos50-dev-reports-data");
    expect(table).toMatchObject({ hash_key: "pk", range_key: "sk", billing_mode: "PAY_PER_REQUEST", point_in_time_recovery: { enabled: true } });
    expect(values(json, "aws_s3_bucket").filter((b) => b.bucket_prefix?.startsWith("silos50-dev-reports-data"))).toHaveLength(1);
  });

  it("denies sending to a tenant's queue unless trusted or acting as that tenant", () => {
    const policy = queuePolicy("tenant-0003");
    expect(policy).toMatch(/"Sid" = "DenyUntrustedSenders", "Effect" = "Deny", "Principal" = "\*", "Action" = "sqs:SendMessage"/);
    expect(policy).toContain(`"StringNotEquals" = {"aws:PrincipalTag/tenant" = ["tenant-0003"]}`);
    const trusted = policy.match(/"ArnNotLike" = \{"aws:PrincipalArn" = \[([^\]]*)\]/)![1]!;
    expect(trusted).toMatch(/aws_iam_role\.function-billing-events-statements_role_\w+\.arn/);
    expect(trusted).toContain("arn:aws:iam::123456789012:role/report-gateway");
    expect(trusted).toContain("arn:aws:iam::123456789012:role/platform-oncall");
    expect(policy).toMatch(/"Sid" = "AllowTaggedTenantRoles".*"ArnLike" = \{"aws:PrincipalArn" = \["arn:aws:iam::210987654321:role\/merchant-\*"\]\}, "StringEquals" = \{"aws:PrincipalTag\/tenant" = \["tenant-0003"\]\}/);
    for (const tenant of tenants) expect(queuePolicy(tenant)).toContain(`"aws:PrincipalTag/tenant" = ["${tenant}"]`);
  });

  it("routes in-service senders with a bundled table and publishes it for outside producers", () => {
    const parameter = named(json, "aws_ssm_parameter", "name", "/bulkhead/silos50/dev/reports/routing-table");
    const table = JSON.parse(parameter.value);
    expect(table.queues).toEqual(tenants.map((t) => `silos50-dev-reports-${t}`));
    expect(table.tenants).toEqual(Object.fromEntries(tenants.map((t, i) => [t, [i]])));
    const sender = values(json, "aws_iam_role_policy").find((p) => p.role.includes("function-billing-events-statements_role"))!.policy;
    expect(sender.match(/aws_sqs_queue\.queue-reports-tenant-\d+_queue_\w+\.arn/g)).toHaveLength(50);
  });

  it("lets only the declared senders publish to the fan-out topic", () => {
    const policy = values(json, "aws_sns_topic_policy")[0].policy;
    expect(policy).toMatch(/"Sid" = "DenyUntrustedSenders", "Effect" = "Deny", "Principal" = "\*", "Action" = "sns:Publish", .*"ArnNotLike" = \{"aws:PrincipalArn" = \["arn:aws:iam::123456789012:role\/billing-core"\]\}/);
    expect(policy).toMatch(/"Sid" = "AllowNamedSenders", "Effect" = "Allow", "Principal" = "\*", "Action" = \["sns:Publish"\]/);
  });
});

describe("the reserved-concurrency budget with tenant silos", () => {
  it("300 tenants x 5 do not fit an account limit of 1,000: the error says how many fit and what to do", async () => {
    const big = siloProject({ tenants: 300, perTenant: 5, accountConcurrency: 1000 });
    const result = await cli(big, "check", "services/silos300/service.yaml");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^services\/silos300\/service\.yaml:\d+:\d+ patterns\.reports\.reservedConcurrencyPerTenant: reserved concurrency in dev adds up to 1500, over the budget of 900 .*at 5 each, 180 of its tenants fit beside the other reservations \(0\)\. .*shuffle-sharded-queue.*\[account-concurrency-budget\]$/m,
    );
  });

  it("100 tenants x 8 fit, with the unreserved pool the fan-out subscriber needs", async () => {
    const result = await cli(siloProject({ tenants: 100, perTenant: 8, accountConcurrency: 1000 }), "check", "services/silos100/service.yaml");
    expect(result.stderr).not.toMatch(/\[account-concurrency-budget\]/);
    expect(result.code, result.stderr).toBe(0);
  });

  it("an override for a tenant the pattern does not serve is located", async () => {
    const typo = siloProject({ tenants: 2, patternLines: ["overrides:", "  tenant-0009: { reservedConcurrency: 4 }"] });
    const result = await cli(typo, "check", "services/silos2/service.yaml");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/service\.yaml:\d+:\d+ patterns\.reports\.overrides\.tenant-0009: overrides tenant "tenant-0009", which this pattern does not serve \(its tenants: tenant-0000, tenant-0001\) \[tenant-silos-known\]/);
  });
});
