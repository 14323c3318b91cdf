import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { createTopicPublisher, loadConsumerConfig, runtimeTracing, sqsConsumer } from "../../handlers/index.js";
import { defaultSnsClient } from "../../handlers/shared/aws-sdk.js";
import { consumerVariables, uniqueName } from "./support/consumer.js";
import { withEnv } from "./support/env.js";
import { lambdaContext, rawRecord, sqsEvent } from "./support/events.js";
import { useLambdaEnvironment } from "./support/lambda-environment.js";
import { useLocalServices } from "./support/local-services.js";
import { lambdaTraceHeader } from "./support/xray-daemon.js";

// A function of a spec with `tracing: false`: Lambda as in tracing.test.ts (a sampled trace id,
// a daemon listening), but POWERTOOLS_TRACE_ENABLED=false, as the synthesizer then sets it.
// A file of its own: the Tracer is decided once per execution environment (here, per test file).

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ledger/api-key-AbCdEf";
const local = useLocalServices();
const lambda = useLambdaEnvironment(local, {
  POWERTOOLS_TRACE_ENABLED: "false",
  // Unset, so that seeing it set below can only mean Powertools' Tracer module was loaded.
  AWS_XRAY_CONTEXT_MISSING: undefined,
});

it("with POWERTOOLS_TRACE_ENABLED=false, traces nothing, captures no client and never loads the Tracer or the X-Ray SDK", async () => {
  const { topicArn } = local.aws.server.createTopic(`orders-test-order-events-${randomUUID()}`);
  const orderEvents = createTopicPublisher("order-events", { env: { BULKHEAD_TOPIC_ARN_ORDER_EVENTS: topicArn } });
  const functionName = uniqueName("orders-billing");
  const config = loadConsumerConfig(consumerVariables(functionName, local.idempotencyTable, { BULKHEAD_SECRETS: JSON.stringify({ ledgerApiKey: SECRET }) }));
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
  expect(lambda.secretsEndpoint.traceHeaders).toEqual([{ target: "secretsmanager.GetSecretValue", traceHeader: undefined }]);
  expect(lambda.sns.calls.map((c) => c.traceHeader)).toEqual([undefined, undefined]);
  expect((await defaultSnsClient()).middlewareStack.identify().some((m) => m.startsWith("XRaySDKInstrumentation"))).toBe(false);
  // Neither Powertools' Tracer module (which sets AWS_XRAY_CONTEXT_MISSING when it loads) nor the
  // X-Ray SDK (whose cls-hooked namespace registers in process.namespaces) was loaded.
  expect(process.env.AWS_XRAY_CONTEXT_MISSING).toBeUndefined();
  expect((process as { namespaces?: Record<string, unknown> }).namespaces?.AWSXRay).toBeUndefined();
  // And nothing reached the daemon (UDP on loopback arrives within milliseconds; tracing.test.ts sees it).
  await sleep(300);
  expect(lambda.daemon.subsegments()).toEqual([]);
});
