import { describe, expect, it } from "vitest";
import { ConsumerConfigError, loadConsumerConfig } from "../../handlers/index.js";
import { DEFAULTS } from "../../patterns/model/defaults.js";

const complete = {
  AWS_LAMBDA_FUNCTION_NAME: "orders-dev-billing",
  BULKHEAD_IDEMPOTENCY_TABLE: "orders-dev-idempotency",
  BULKHEAD_MESSAGE_FORMAT: "sns-envelope",
  BULKHEAD_QUEUE_KIND: "fifo",
};

describe("loadConsumerConfig", () => {
  it("reads the synthesizer's variables, keying on the message id for an hour by default", () => {
    expect(loadConsumerConfig(complete)).toEqual({
      functionName: "orders-dev-billing",
      tableName: "orders-dev-idempotency",
      keyExpression: undefined,
      ttlSeconds: 3600,
      messageFormat: "sns-envelope",
      queueKind: "fifo",
    });
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
