import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { createTopicPublisher, loadConsumerConfig, runtimeTracing, sqsConsumer } from "../../handlers/index.js";
import { defaultSnsClient } from "../../handlers/shared/aws-sdk.js";
import { withEnv } from "./support/env.js";
import { lambdaContext, rawRecord, sqsEvent } from "./support/events.js";
import { startLocalAws, type LocalAws } from "./support/fauxqs.js";
import { DUMMY_CREDENTIALS, REGION, startLocalDynamoDB, type LocalDynamoDB } from "./support/local-dynamodb.js";
import { captureOutput } from "./support/output.js";
import { startParameterStoreEndpoint } from "./support/parameter-stores.js";
import { startTraceHeaderProxy } from "./support/trace-header-proxy.js";
import { lambdaTraceHeader, startXrayDaemon, type XrayDaemon } from "./support/xray-daemon.js";

// A function of a spec with `tracing: false`: Lambda as in tracing.test.ts (a sampled trace id,
// a daemon listening), but POWERTOOLS_TRACE_ENABLED=false, as the synthesizer then sets it.
// A file of its own: the Tracer is decided once per execution environment (here, per test file).

const TABLE = "orders-dev-idempotency";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ledger/api-key-AbCdEf";
let db: LocalDynamoDB;
let aws: LocalAws;
let daemon: XrayDaemon;
let secretsEndpoint: Awaited<ReturnType<typeof startParameterStoreEndpoint>>;
let sns: Awaited<ReturnType<typeof startTraceHeaderProxy>>;
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  [db, aws, daemon, secretsEndpoint] = await Promise.all([startLocalDynamoDB(), startLocalAws(), startXrayDaemon(), startParameterStoreEndpoint()]);
  await db.createIdempotencyTable(TABLE);
  sns = await startTraceHeaderProxy(aws.server.address);
  const lambda = {
    POWERTOOLS_TRACE_ENABLED: "false",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    LAMBDA_TASK_ROOT: "/var/task",
    _HANDLER: "index.handler",
    AWS_XRAY_DAEMON_ADDRESS: daemon.address,
    POWERTOOLS_SERVICE_NAME: "orders",
    POWERTOOLS_METRICS_NAMESPACE: "bulkhead-test",
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
  };
  for (const [name, value] of Object.entries(lambda)) vi.stubEnv(name, value);
  // Unset, so that seeing it set below can only mean Powertools' Tracer module was loaded.
  vi.stubEnv("AWS_XRAY_CONTEXT_MISSING", undefined);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([db.stop(), aws.stop(), daemon.stop(), secretsEndpoint.stop(), sns.stop()]);
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

it("with POWERTOOLS_TRACE_ENABLED=false, traces nothing, captures no client and never loads the Tracer or the X-Ray SDK", async () => {
  const { topicArn } = aws.server.createTopic(`orders-test-order-events-${randomUUID()}`);
  const orderEvents = createTopicPublisher("order-events", { env: { BULKHEAD_TOPIC_ARN_ORDER_EVENTS: topicArn } });
  const functionName = `orders-billing-${randomUUID().slice(0, 8)}`;
  const config = loadConsumerConfig({
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    BULKHEAD_IDEMPOTENCY_TABLE: TABLE,
    BULKHEAD_MESSAGE_FORMAT: "raw",
    BULKHEAD_QUEUE_KIND: "standard",
    BULKHEAD_SECRETS: JSON.stringify({ ledgerApiKey: SECRET }),
  });
  const tracers: unknown[] = [];
  const handle = sqsConsumer<{ orderId: string; decline?: boolean }>(async (order, { secrets, tracer }) => {
    tracers.push(tracer);
    await secrets.get("ledgerApiKey");
    await orderEvents.publish({ orderId: order.orderId }, { key: order.orderId });
    if (order.decline) throw new Error("declined");
  }, { config });

  const response = await withEnv({ _X_AMZN_TRACE_ID: lambdaTraceHeader().header }, () =>
    handle(sqsEvent(rawRecord({ orderId: "o-1" }), rawRecord({ orderId: "o-2", decline: true })), lambdaContext(functionName)),
  );

  expect(response.batchItemFailures).toHaveLength(1);
  expect(tracers).toEqual([undefined, undefined]);
  expect((await runtimeTracing()).tracer).toBeUndefined();
  // The calls were made, without a trace header, by clients without the X-Ray middleware.
  expect(secretsEndpoint.traceHeaders).toEqual([{ target: "secretsmanager.GetSecretValue", traceHeader: undefined }]);
  expect(sns.calls.map((c) => c.traceHeader)).toEqual([undefined, undefined]);
  expect((await defaultSnsClient()).middlewareStack.identify().some((m) => m.startsWith("XRaySDKInstrumentation"))).toBe(false);
  // Neither Powertools' Tracer module (which sets AWS_XRAY_CONTEXT_MISSING when it loads) nor the
  // X-Ray SDK (whose cls-hooked namespace registers in process.namespaces) was loaded.
  expect(process.env.AWS_XRAY_CONTEXT_MISSING).toBeUndefined();
  expect((process as { namespaces?: Record<string, unknown> }).namespaces?.AWSXRay).toBeUndefined();
  // And nothing reached the daemon (UDP on loopback arrives within milliseconds; tracing.test.ts sees it).
  await sleep(300);
  expect(daemon.subsegments()).toEqual([]);
});
