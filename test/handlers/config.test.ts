import { describe, expect, it } from "vitest";
import { ConsumerConfigError, loadConsumerConfig } from "../../handlers/index.js";
import { timeGuardMarginMs } from "../../patterns/model/consumer-function.js";
import { DEFAULTS } from "../../patterns/model/defaults.js";
import { laneEnvironment } from "../../patterns/priority-queue/settings.js";

const complete = {
  AWS_LAMBDA_FUNCTION_NAME: "orders-dev-billing",
  BULKHEAD_IDEMPOTENCY_TABLE: "orders-dev-idempotency",
  BULKHEAD_MESSAGE_FORMAT: "sns-envelope",
  BULKHEAD_QUEUE_KIND: "fifo",
};

describe("loadConsumerConfig", () => {
  it("reads the synthesizer's variables, keying on the message id for an hour, with a 3 s margin and a 300 s cache by default", () => {
    expect(loadConsumerConfig(complete)).toEqual({
      functionName: "orders-dev-billing",
      idempotencyScope: "orders-dev-billing",
      tableName: "orders-dev-idempotency",
      keyExpression: undefined,
      ttlSeconds: 3600,
      messageFormat: "sns-envelope",
      queueKind: "fifo",
      timeMarginMs: 3000,
      parametersCacheSeconds: 300,
    });
  });

  it("reads the time guard's margin as the synthesizer writes it, for a 3 s function and a 30 s one", () => {
    expect(loadConsumerConfig({ ...complete, BULKHEAD_TIME_MARGIN_MS: String(timeGuardMarginMs(3)) }).timeMarginMs).toBe(1000);
    expect(loadConsumerConfig({ ...complete, BULKHEAD_TIME_MARGIN_MS: String(timeGuardMarginMs(30)) }).timeMarginMs).toBe(3000);
    expect(loadConsumerConfig({ ...complete, BULKHEAD_TIME_MARGIN_MS: " 1500 " }).timeMarginMs).toBe(1500);
  });

  it.each(["0", "-1000", "1000.5", "1s", "1e400"])("rejects the margin %j", (margin) => {
    expect(() => loadConsumerConfig({ ...complete, BULKHEAD_TIME_MARGIN_MS: margin })).toThrow(
      `BULKHEAD_TIME_MARGIN_MS must be a positive whole number of milliseconds, got '${margin}'`,
    );
  });

  it("defaults the parameters cache to the synthesizer's default", () => {
    expect(loadConsumerConfig(complete).parametersCacheSeconds).toBe(DEFAULTS.parametersCacheSeconds);
  });

  it("reads the secrets and parameters the spec names, by handler name, and their cache time", () => {
    const secrets = { ledgerApiKey: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger/api-key-AbCdEf" };
    const parameters = {
      featureFlags: "arn:aws:ssm:eu-west-1:123456789012:parameter/ops/feature-flags",
      signing_key2: "arn:aws-cn:ssm:cn-north-1:123456789012:parameter/ops/signing-key",
    };
    expect(
      loadConsumerConfig({ ...complete, BULKHEAD_SECRETS: JSON.stringify(secrets), BULKHEAD_PARAMETERS: JSON.stringify(parameters), BULKHEAD_PARAMETERS_CACHE_SECONDS: "600" }),
    ).toMatchObject({ secrets, parameters, parametersCacheSeconds: 600 });
    expect(loadConsumerConfig({ ...complete, BULKHEAD_SECRETS: JSON.stringify(secrets) })).not.toHaveProperty("parameters");
    expect(loadConsumerConfig(complete)).not.toHaveProperty("secrets");
  });

  it("reports every problem with the secrets, parameters and cache time at once", () => {
    const attempt = () =>
      loadConsumerConfig({
        ...complete,
        BULKHEAD_SECRETS: JSON.stringify({
          ledgerApiKey: "arn:aws:ssm:eu-west-1:123456789012:parameter/ops/feature-flags",
          "2fa": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger/totp-AbCdEf",
          __proto__x: 7,
        }),
        BULKHEAD_PARAMETERS: "[\"arn:aws:ssm:eu-west-1:123456789012:parameter/ops/feature-flags\"]",
        BULKHEAD_PARAMETERS_CACHE_SECONDS: "5m",
      });
    expect(attempt).toThrow(ConsumerConfigError);
    expect(attempt).toThrow(
      "bulkhead consumer configuration: " +
        'BULKHEAD_SECRETS["ledgerApiKey"] must be an ARN like arn:aws:secretsmanager:<region>:<account>:secret:<name>, got "arn:aws:ssm:eu-west-1:123456789012:parameter/ops/feature-flags"; ' +
        'BULKHEAD_SECRETS names "2fa", not a name like paymentApiKey (a letter, then letters, digits, underscores); ' +
        'BULKHEAD_SECRETS names "__proto__x", not a name like paymentApiKey (a letter, then letters, digits, underscores); ' +
        'BULKHEAD_SECRETS["__proto__x"] must be an ARN like arn:aws:secretsmanager:<region>:<account>:secret:<name>, got 7; ' +
        "BULKHEAD_PARAMETERS must be a JSON object of name → ARN, got an array; " +
        "BULKHEAD_PARAMETERS_CACHE_SECONDS must be a positive whole number of seconds, got '5m'",
    );
    expect(() => loadConsumerConfig({ ...complete, BULKHEAD_PARAMETERS: "{featureFlags: arn}" })).toThrow("BULKHEAD_PARAMETERS must be a JSON object of name → ARN, got '{featureFlags: arn}'");
    expect(() => loadConsumerConfig({ ...complete, BULKHEAD_SECRETS: "null" })).toThrow("BULKHEAD_SECRETS must be a JSON object of name → ARN, got null");
  });

  it("reads a priority lane's settings as the synthesizer writes them, and every problem with them at once", () => {
    const lane = laneEnvironment({ lane: "high", expireAfterSeconds: 3600, deferAfterSeconds: 60, deferTo: "orders-dev-jobs-low" });
    expect(loadConsumerConfig({ ...complete, ...lane, BULKHEAD_IDEMPOTENCY_SCOPE: "orders-dev-jobs@lanes" })).toMatchObject({
      idempotencyScope: "orders-dev-jobs@lanes",
      lane: { lane: "high", expireAfterMs: 3_600_000, deferAfterMs: 60_000, deferTo: "orders-dev-jobs-low" },
    });
    expect(() => loadConsumerConfig({ ...complete, BULKHEAD_LANE: "urgent", BULKHEAD_DEFER_AFTER_SECONDS: "soon" })).toThrow(
      /BULKHEAD_LANE must be one of 'high', 'low', 'surge', got 'urgent'.*BULKHEAD_EXPIRE_AFTER_SECONDS is required on a priority lane.*BULKHEAD_DEFER_AFTER_SECONDS must be a positive whole number of seconds, got 'soon'.*BULKHEAD_DEFER_AFTER_SECONDS and BULKHEAD_DEFER_TO_QUEUE go together/,
    );
    expect(() => loadConsumerConfig({ ...complete, ...laneEnvironment({ lane: "low", expireAfterSeconds: 60, deferAfterSeconds: 5, deferTo: "q" }) })).toThrow(/the low lane never defers/);
  });

  it("defaults the TTL to the synthesizer's default (the runtime keeps its own copy so bundles stay small)", () => {
    expect(loadConsumerConfig(complete).ttlSeconds).toBe(DEFAULTS.idempotency.ttlSeconds);
  });

  it("takes an optional key expression and TTL, treating a blank key as none", () => {
    expect(
      loadConsumerConfig({ ...complete, BULKHEAD_IDEMPOTENCY_KEY: " orderId ", BULKHEAD_IDEMPOTENCY_TTL_SECONDS: "86400" }),
    ).toMatchObject({ keyExpression: "orderId", ttlSeconds: 86400 });
    expect(loadConsumerConfig({ ...complete, BULKHEAD_IDEMPOTENCY_KEY: "  " }).keyExpression).toBeUndefined();
  });

  it.each(["0", "-5", "1.5", "an hour"])("rejects the TTL %j", (ttl) => {
    expect(() => loadConsumerConfig({ ...complete, BULKHEAD_IDEMPOTENCY_TTL_SECONDS: ttl })).toThrow(
      `BULKHEAD_IDEMPOTENCY_TTL_SECONDS must be a positive whole number of seconds, got '${ttl}'`,
    );
  });

  it("reads a tenant-isolated function's tenant and data, the bucket by name from its ARN", () => {
    const raw = { ...complete, BULKHEAD_MESSAGE_FORMAT: "raw", BULKHEAD_QUEUE_KIND: "standard" };
    expect(loadConsumerConfig({ ...raw, BULKHEAD_TENANT: "acme" }).tenancy).toEqual({ kind: "isolated", tenant: "acme" });
    expect(
      loadConsumerConfig({ ...raw, BULKHEAD_TENANT: "acme", BULKHEAD_TENANT_TABLE: "orders-dev-reports-data", BULKHEAD_TENANT_BUCKET: "arn:aws:s3:::orders-dev-reports-data" }).tenancy,
    ).toEqual({ kind: "isolated", tenant: "acme", data: { tableName: "orders-dev-reports-data", bucketName: "orders-dev-reports-data" } });
    expect(loadConsumerConfig({ ...raw, BULKHEAD_TENANT: "acme", BULKHEAD_TENANT_BUCKET: "arn:aws-cn:s3:::reports.cn" }).tenancy).toMatchObject({ data: { bucketName: "reports.cn" } });
    expect(loadConsumerConfig({ ...raw, BULKHEAD_TENANCY_PATTERN: "ingest" }).tenancy).toEqual({ kind: "sharded", pattern: "ingest" });
    expect(loadConsumerConfig(raw)).not.toHaveProperty("tenancy");
  });

  it("reports every problem with the tenancy variables at once", () => {
    const raw = { ...complete, BULKHEAD_MESSAGE_FORMAT: "raw", BULKHEAD_QUEUE_KIND: "standard" };
    expect(() => loadConsumerConfig({ ...complete, BULKHEAD_TENANT: "ac#me", BULKHEAD_TENANCY_PATTERN: "ingest", BULKHEAD_TENANT_BUCKET: "orders-dev-reports-data" })).toThrow(
      "bulkhead consumer configuration: " +
        "BULKHEAD_TENANT and BULKHEAD_TENANCY_PATTERN exclude each other: a function serves one tenant or a sharded pattern's queues; " +
        "BULKHEAD_TENANT must not contain '#' or '/', got 'ac#me'; " +
        "BULKHEAD_TENANT_BUCKET must be a bucket ARN (arn:aws:s3:::<name>), got 'orders-dev-reports-data'; " +
        "BULKHEAD_MESSAGE_FORMAT must be 'raw' on a tenant-aware queue",
    );
    expect(() => loadConsumerConfig({ ...raw, BULKHEAD_TENANT_TABLE: "t", BULKHEAD_TENANT_BUCKET: "arn:aws:s3:::b" })).toThrow(
      "BULKHEAD_TENANT_TABLE and BULKHEAD_TENANT_BUCKET need BULKHEAD_TENANT, the tenant they are scoped to",
    );
    expect(() => loadConsumerConfig({ ...raw, BULKHEAD_TENANT: "a/b" })).toThrow("BULKHEAD_TENANT must not contain '#' or '/', got 'a/b'");
    expect(() => loadConsumerConfig({ ...raw, BULKHEAD_TENANT: "acme", BULKHEAD_TENANT_BUCKET: "arn:aws:s3:::bucket/tenants" })).toThrow(ConsumerConfigError);
  });

  it("reports every problem in one error", () => {
    const attempt = () => loadConsumerConfig({ BULKHEAD_MESSAGE_FORMAT: "json" });
    expect(attempt).toThrow(ConsumerConfigError);
    expect(attempt).toThrow(
      "bulkhead consumer configuration: AWS_LAMBDA_FUNCTION_NAME is required; " +
        "BULKHEAD_IDEMPOTENCY_TABLE is required; " +
        "BULKHEAD_MESSAGE_FORMAT must be one of 'sns-envelope', 'raw', got 'json'; " +
        "BULKHEAD_QUEUE_KIND is required",
    );
  });
});
