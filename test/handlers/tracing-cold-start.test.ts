import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RECORD_SUBSEGMENT } from "../../handlers/index.js";
import { powertoolsWouldTrace } from "../../handlers/shared/tracing.js";
import { bundleHandler } from "../../patterns/blocks/bundle.js";
import { DUMMY_CREDENTIALS, REGION } from "./support/local-dynamodb.js";
import { lambdaTraceHeader, startXrayDaemon, type XrayDaemon } from "./support/xray-daemon.js";

describe("deciding whether to load the Tracer at all", () => {
  const LAMBDA = { AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x" };
  const cases: Record<string, string>[] = [
    {},
    { LAMBDA_TASK_ROOT: "/work/.bulkhead/dev/run/fn" }, // bulkhead dev: Lambda's variables, but no AWS_EXECUTION_ENV
    LAMBDA,
    { ...LAMBDA, POWERTOOLS_TRACE_ENABLED: "false" },
    { ...LAMBDA, POWERTOOLS_TRACE_ENABLED: " FALSE " },
    { ...LAMBDA, POWERTOOLS_TRACE_ENABLED: "true" },
    { ...LAMBDA, POWERTOOLS_TRACE_ENABLED: "0" },
    { ...LAMBDA, POWERTOOLS_TRACE_ENABLED: "" },
    { AWS_EXECUTION_ENV: "AWS_Lambda_amplify-mock" },
    { AWS_EXECUTION_ENV: "  " },
    { ...LAMBDA, AWS_SAM_LOCAL: "true" },
  ];

  it.each(cases)("agrees with Powertools' Tracer for %o", (env) => {
    for (const name of ["AWS_EXECUTION_ENV", "AWS_SAM_LOCAL", "POWERTOOLS_TRACE_ENABLED", "LAMBDA_TASK_ROOT"]) vi.stubEnv(name, env[name]);
    try {
      expect(powertoolsWouldTrace()).toBe(new Tracer({ captureHTTPsRequests: false }).isTracingEnabled());
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("says yes in Lambda and no for `tracing: false`, outside Lambda and under bulkhead dev", () => {
    expect(cases.map((env) => powertoolsWouldTrace(env))).toEqual([false, false, true, false, false, true, true, true, false, false, false]);
  });
});

describe("a consumer's bundle", () => {
  // The bundle inside the project, so that its external @aws-sdk/* and @smithy/* imports resolve as Lambda's runtime provides them.
  const folder = resolve("node_modules/.cache/bulkhead-tests", `tracing-cold-start-${randomUUID()}`);
  let daemon: XrayDaemon;

  beforeAll(async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "index.mjs"), (await bundleHandler({ projectRoot: ".", entry: "test/handlers/fixtures/plain-consumer.ts", runtime: "nodejs22.x", routingTables: [] })).code);
    writeFileSync(join(folder, "invoke.mjs"), INVOKE);
    daemon = await startXrayDaemon();
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await daemon.stop();
  });

  /** Imports the bundle in a fresh Node.js process, as Lambda's runtime would, and invokes it once. */
  async function coldStart(env: Record<string, string>) {
    const { stdout } = await promisify(execFile)(process.execPath, [join(folder, "invoke.mjs")], {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? "",
        AWS_LAMBDA_FUNCTION_NAME: "orders-dev-billing",
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        POWERTOOLS_SERVICE_NAME: "orders",
        POWERTOOLS_METRICS_NAMESPACE: "bulkhead-test",
        BULKHEAD_IDEMPOTENCY_TABLE: "orders-dev-idempotency",
        BULKHEAD_MESSAGE_FORMAT: "raw",
        BULKHEAD_QUEUE_KIND: "standard",
        LAMBDA_TASK_ROOT: folder,
        _HANDLER: "index.handler",
        AWS_XRAY_DAEMON_ADDRESS: daemon.address,
        ...env,
      },
    });
    return JSON.parse(stdout.trim().split("\n").at(-1)!) as { afterImport: Loaded; afterInvoke: Loaded; error: string };
  }
  const nothing = { tracer: false, xraySdk: false };

  it("loads Powertools' Tracer and the X-Ray SDK on the first invocation in Lambda, not at import, and traces its records", async () => {
    const trace = lambdaTraceHeader();
    const run = await coldStart({ AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x", AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand", _X_AMZN_TRACE_ID: trace.header });

    expect(run.afterImport).toEqual(nothing);
    expect(run.afterInvoke).toEqual({ tracer: true, xraySdk: true });
    // The one record's body is not JSON: it fails, and so the whole batch.
    expect(run.error).toBe("FullBatchFailureError");
    const received = await daemon.waitFor((subsegments) => subsegments.some((s) => s.trace_id === trace.traceId && s.name === RECORD_SUBSEGMENT));
    const record = received.find((s) => s.trace_id === trace.traceId && s.name === RECORD_SUBSEGMENT)!;
    expect(record.annotations).toEqual({ message_id: "m-1", outcome: "failed" });
    expect(record.cause?.exceptions?.[0]?.type).toBe("MalformedMessageError");
  });

  it.each([
    ["with POWERTOOLS_TRACE_ENABLED=false (`tracing: false`)", { AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x", POWERTOOLS_TRACE_ENABLED: "false" }],
    ["outside Lambda (bulkhead dev sets no AWS_EXECUTION_ENV)", {}],
  ])("loads neither %s, and sends nothing", async (_case, env) => {
    const trace = lambdaTraceHeader();
    const run = await coldStart({ ...env, _X_AMZN_TRACE_ID: trace.header });

    expect(run.error).toBe("FullBatchFailureError");
    expect(run.afterImport).toEqual(nothing);
    expect(run.afterInvoke).toEqual(nothing);
    expect(daemon.subsegments().filter((s) => s.trace_id === trace.traceId)).toEqual([]);
  });
});

interface Loaded {
  tracer: boolean;
  xraySdk: boolean;
}

// Powertools' Tracer module sets AWS_XRAY_CONTEXT_MISSING when it loads (unset here); the X-Ray
// SDK's cls-hooked namespace registers in process.namespaces.
const INVOKE = `
const loaded = () => ({ tracer: process.env.AWS_XRAY_CONTEXT_MISSING !== undefined, xraySdk: process.namespaces?.AWSXRay !== undefined });
const { handler } = await import("./index.mjs");
const afterImport = loaded();
const record = {
  messageId: "m-1", receiptHandle: "r-1", body: "not json", md5OfBody: "", eventSource: "aws:sqs", awsRegion: "us-east-1",
  eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:orders-dev-billing",
  attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()), SenderId: "AIDAEXAMPLE", ApproximateFirstReceiveTimestamp: String(Date.now()) },
  messageAttributes: {},
};
const context = {
  functionName: "orders-dev-billing", functionVersion: "$LATEST", memoryLimitInMB: "256", awsRequestId: "req-1",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders-dev-billing",
  logGroupName: "/aws/lambda/orders-dev-billing", logStreamName: "s", callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30000, done() {}, fail() {}, succeed() {},
};
let error;
try { await handler({ Records: [record] }, context); } catch (e) { error = e.name; }
console.log(JSON.stringify({ afterImport, afterInvoke: loaded(), error }));
`;
