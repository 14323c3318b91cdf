import { randomUUID } from "node:crypto";
import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import {
  createTopicPublisher,
  loadConsumerConfig,
  RECORD_SUBSEGMENT,
  sqsConsumer,
  TRACE_ANNOTATIONS,
  type RecordHandler,
} from "../../handlers/index.js";
import { defaultS3Client, defaultSnsClient, defaultSqsClient, defaultSsmClient } from "../../handlers/shared/aws-sdk.js";
import { consumerVariables, uniqueName } from "./support/consumer.js";
import { withEnv } from "./support/env.js";
import { lambdaContext, rawRecord, receivedRecord, sqsEvent } from "./support/events.js";
import { useLambdaEnvironment } from "./support/lambda-environment.js";
import { useLocalServices } from "./support/local-services.js";
import { lambdaTraceHeader, type XrayDocument } from "./support/xray-daemon.js";

// Tracing on, as in a deployed function with active tracing: Powertools' Tracer and the X-Ray SDK
// load on the first invocation of this file (in Lambda mode, LAMBDA_TASK_ROOT being set), and send
// what they record to a stand-in for the X-Ray daemon. Nothing else here is faked: the runtime's own
// clients (created from AWS_ENDPOINT_URL_*) call dynalite, fauxqs and a Secrets Manager stub.

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ledger/api-key-AbCdEf";
const PARAMETER = "arn:aws:ssm:us-east-1:123456789012:parameter/orders/signing-key";
const local = useLocalServices();
// What Powertools means to set: the test's own calls between invocations have no trace to join.
const lambda = useLambdaEnvironment(local, { AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR" });

/** A consumer as synthesized, with no client passed in: the runtime creates (and captures) its own. */
function consumer<T>(handler: RecordHandler<T>, env: Record<string, string> = {}) {
  const functionName = uniqueName("orders-billing");
  const config = loadConsumerConfig(consumerVariables(functionName, local.idempotencyTable, env));
  const handle = sqsConsumer(handler, { config });
  /** One invocation, in a sampled trace of its own as Lambda gives it (`_X_AMZN_TRACE_ID`). */
  return async (records: SQSRecord[], remainingMs?: () => number) => {
    const trace = lambdaTraceHeader();
    const response = await withEnv({ _X_AMZN_TRACE_ID: trace.header }, () => handle(sqsEvent(...records), lambdaContext(functionName, remainingMs)));
    return { response, trace };
  };
}

/** The invocation's subsegments once its `## index.handler` one has arrived (it closes last). */
async function traceOf(traceId: string) {
  const all = await lambda.daemon.waitFor((subsegments) => subsegments.some((s) => s.trace_id === traceId && s.name === "## index.handler"));
  const subsegments = all.filter((s) => s.trace_id === traceId);
  const handler = subsegments.find((s) => s.name === "## index.handler")!;
  const records = subsegments.filter((s) => s.name === RECORD_SUBSEGMENT && s.parent_id === handler.id);
  const children = (parent: XrayDocument) => subsegments.filter((s) => s.parent_id === parent.id);
  return { subsegments, handler, records, children };
}

const calls = (subsegments: XrayDocument[]) => subsegments.map((s) => `${s.name}.${s.aws?.operation}`);

describe("a consumer's traces", () => {
  // First in this file, so the first invocation of the execution environment: ColdStart true.
  it("run each record in a `record` subsegment under the invocation's, annotated with its message id, bulkhead-message-id, tenant and outcome", async () => {
    const invoke = consumer<{ orderId: string; decline?: boolean }>(async (order) => {
      if (order.decline) throw new Error(`card declined for ${order.orderId}`);
      return { charged: order.orderId };
    });
    const placed = rawRecord({ orderId: "o-1" }, { bulkheadMessageId: "bm-o-1", tenant: "acme" });
    const again = rawRecord({ orderId: "o-1" }, { bulkheadMessageId: "bm-o-1", tenant: "acme" });
    const declined = rawRecord({ orderId: "o-2", decline: true });

    const { response, trace } = await invoke([placed, again, declined]);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: declined.messageId }]);
    const { handler, records } = await traceOf(trace.traceId);
    // Hung from Lambda's own segment (the Parent Lambda gave), as Powertools' captureLambdaHandler does.
    expect(handler.parent_id).toBe(trace.parentId);
    expect(handler.annotations).toEqual({ ColdStart: true, Service: "orders" });
    expect(handler.metadata?.orders?.["index.handler response"]).toEqual(response);

    expect(records.map((r) => r.annotations)).toEqual([
      { [TRACE_ANNOTATIONS.messageId]: placed.messageId, bulkhead_message_id: "bm-o-1", tenant: "acme", outcome: "processed" },
      { message_id: again.messageId, bulkhead_message_id: "bm-o-1", tenant: "acme", outcome: "duplicate" },
      { message_id: declined.messageId, outcome: "failed" },
    ]);
    // The error marks its record's subsegment only, with the error as its cause.
    expect(records.map((r) => r.fault ?? false)).toEqual([false, false, true]);
    expect(records[2]!.cause?.exceptions?.[0]).toMatchObject({ type: "Error", message: "card declined for o-2" });
    expect(records[0]!.metadata?.orders?.record).toEqual({ sqsMessageId: placed.messageId, queue: "orders-billing", receiveCount: 1, correlationId: placed.messageId });

    // The next invocation of the environment is no cold start.
    const next = await invoke([rawRecord({ orderId: "o-3" })]);
    expect((await traceOf(next.trace.traceId)).handler.annotations).toEqual({ ColdStart: false, Service: "orders" });
  });

  it("show the calls of the clients the runtime creates as the record's subsegments, and those calls carry the record's trace header", async () => {
    const { topicArn } = local.aws.server.createTopic(`orders-test-order-events-${randomUUID()}`);
    const orderEvents = createTopicPublisher("order-events", { env: { BULKHEAD_TOPIC_ARN_ORDER_EVENTS: topicArn } });
    const invoke = consumer<{ orderId: string }>(
      async (order, { secrets, parameters }) => {
        await secrets.get("ledgerApiKey");
        await parameters.get("signingKey");
        await orderEvents.publish({ eventType: "OrderCharged", orderId: order.orderId }, { key: order.orderId });
      },
      { BULKHEAD_SECRETS: JSON.stringify({ ledgerApiKey: SECRET }), BULKHEAD_PARAMETERS: JSON.stringify({ signingKey: PARAMETER }) },
    );

    const { response, trace } = await invoke([rawRecord({ orderId: "o-10" })]);

    expect(response.batchItemFailures).toEqual([]);
    const { records, children } = await traceOf(trace.traceId);
    expect(records).toHaveLength(1);
    const made = children(records[0]!);
    // Idempotency's DynamoDB calls, the providers' Secrets Manager and SSM reads, the publisher's SNS publish.
    expect(calls(made)).toEqual(["DynamoDB.PutItem", "SecretsManager.GetSecretValue", "SSM.GetParameter", "SNS.Publish", "DynamoDB.UpdateItem"]);
    expect(made.every((s) => s.namespace === "aws")).toBe(true);

    // What the services received: this trace, with the call's own subsegment as Parent, sampled.
    const header = (name: string) => `Root=${trace.traceId};Parent=${made.find((s) => s.name === name)!.id};Sampled=1`;
    expect(lambda.secretsEndpoint.traceHeaders.slice(-2)).toEqual([
      { target: "secretsmanager.GetSecretValue", traceHeader: header("SecretsManager") },
      { target: "AmazonSSM.GetParameter", traceHeader: header("SSM") },
    ]);
    expect(lambda.sns.calls.at(-1)).toEqual({ operation: "Publish", traceHeader: header("SNS") });
  });

  it("capture every default client the runtime's producers and consumers share (SQS, SNS, S3, SSM)", async () => {
    const clients = await Promise.all([defaultSqsClient(), defaultSnsClient(), defaultS3Client(), defaultSsmClient()]);
    for (const client of clients) {
      expect(client.middlewareStack.identify(), client.constructor.name).toContainEqual(expect.stringMatching(/^XRaySDKInstrumentation\b/));
    }
  });

  it("link a record to the trace that produced it: the AWSTraceHeader's Root as producer_trace_id, the header as metadata", async () => {
    const invoke = consumer(async () => undefined);
    const producer = lambdaTraceHeader();
    const header = `Root=${producer.traceId};Parent=53995c3f42cd8ad8;Sampled=1`;
    const record = rawRecord({ orderId: "o-20" }, { bulkheadMessageId: "bm-o-20" });
    record.attributes.AWSTraceHeader = header;
    const unlinked = rawRecord({ orderId: "o-21" });

    const { trace } = await invoke([record, unlinked]);

    const { records } = await traceOf(trace.traceId);
    expect(records.map((r) => r.annotations?.producer_trace_id)).toEqual([producer.traceId, undefined]);
    expect(records[0]!.metadata?.orders?.record).toMatchObject({ producer: { traceHeader: header, root: producer.traceId, parent: "53995c3f42cd8ad8", sampled: true } });
    expect(records[1]!.metadata?.orders?.record).not.toHaveProperty("producer");
  });

  it("follow a message from a record that publishes it, through SNS and SQS, to the record that consumes it", async () => {
    const topic = `orders-test-order-events-${randomUUID()}`;
    const queue = `orders-test-shipping-${randomUUID()}`;
    const { topicArn } = local.aws.server.createTopic(topic);
    local.aws.server.createQueue(queue);
    local.aws.server.subscribe({ topic, queue, attributes: { RawMessageDelivery: "true" } });
    const orderEvents = createTopicPublisher("order-events", { env: { BULKHEAD_TOPIC_ARN_ORDER_EVENTS: topicArn } });
    let published = "";
    const ingest = consumer<{ orderId: string }>(async (order) => {
      ({ bulkheadMessageId: published } = await orderEvents.publish({ eventType: "OrderPlaced", orderId: order.orderId }, { key: `acme:${order.orderId}`, tenant: "acme" }));
    });
    const shipping = consumer(async () => undefined);

    const first = await ingest([rawRecord({ orderId: "o-30" })]);
    const publish = lambda.sns.calls.at(-1)!;
    // fauxqs does not trace: what SNS (active tracing on the topic) and SQS do is to carry the
    // publish's trace header to the message, where Lambda hands it over as AWSTraceHeader.
    const [message] = await local.aws.drain(queue);
    const delivered = receivedRecord(message!);
    delivered.attributes.AWSTraceHeader = publish.traceHeader;
    const second = await shipping([delivered]);

    const publisher = await traceOf(first.trace.traceId);
    const snsCall = publisher.children(publisher.records[0]!).find((s) => s.name === "SNS")!;
    const { records } = await traceOf(second.trace.traceId);
    // Two traces, linked: the consumer's record names the publishing trace, and the publish itself.
    expect(records[0]!.annotations).toEqual({ message_id: delivered.messageId, bulkhead_message_id: published, tenant: "acme", outcome: "processed", producer_trace_id: first.trace.traceId });
    expect(records[0]!.metadata?.orders?.record).toMatchObject({ producer: { root: first.trace.traceId, parent: snsCall.id, sampled: true } });
  });

  it("hand the handler the Tracer, whose annotations land on its record's subsegment", async () => {
    const invoke = consumer<{ orderId: string }>(async (order, { tracer }) => {
      tracer?.putAnnotation("charged", order.orderId);
    });

    const { trace } = await invoke([rawRecord({ orderId: "o-40" })]);

    const { records } = await traceOf(trace.traceId);
    expect(records[0]!.annotations).toMatchObject({ charged: "o-40", outcome: "processed" });
  });

  it("give a record that was not started (deferred for time) no subsegment", async () => {
    const invoke = consumer(async () => undefined);
    let checks = 0;
    // Plenty of time for the first record, then less than the margin.
    const { response, trace } = await invoke([rawRecord({ n: 1 }), rawRecord({ n: 2 }), rawRecord({ n: 3 })], () => (checks++ === 0 ? 30_000 : 100));

    expect(response.batchItemFailures).toHaveLength(2);
    const { records } = await traceOf(trace.traceId);
    expect(records.map((r) => r.annotations?.outcome)).toEqual(["processed"]);
  });
});
