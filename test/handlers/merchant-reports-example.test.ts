import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { interceptLocalhostDns } from "fauxqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveService } from "../../patterns/model/resolve-service.js";
import type { FunctionModel, ServiceModel } from "../../patterns/model/types.js";
import { loadSpec } from "../../patterns/spec/load.js";
import { withEnv } from "./support/env.js";
import { lambdaContext, rawRecord, sqsEvent } from "./support/events.js";
import { DUMMY_CREDENTIALS, REGION } from "./support/local-dynamodb.js";
import { useLocalServices } from "./support/local-services.js";
import { lambdaRecord } from "./support/queue-poller.js";

// The example's billing → merchant-reports path as deployed: each function configured only by the
// environment the synthesizer gives it, billing routing with the table bundled into its code.

const exampleModel = (): ServiceModel => resolveService(loadSpec("services/orders/service.yaml").spec, "dev", { specDir: "services/orders" });

// What esbuild bundles into billing, which has merchant-reports in its sendsTo.
vi.mock("bulkhead:routing-tables", async () => {
  const table = exampleModel().routingTables.find((t) => t.pattern === "merchant-reports")!;
  return { default: { "merchant-reports": JSON.parse(table.content) } };
});

const model = exampleModel();
const fn = (name: string): FunctionModel => model.functions.find((f) => f.name === name)!;
const queueOf = (f: FunctionModel) => model.queues.find((q) => q.id === f.eventSources[0]!.queue.id)!;
const silo = (tenant: string) => fn(`orders-dev-merchant-reports-${tenant}`);
let restoreDns: () => void;

beforeAll(() => {
  // The default SQS client sends to the queue URL's host, which fauxqs names sqs.<region>.localhost.
  restoreDns = interceptLocalhostDns();
});
afterAll(() => restoreDns());
// Powertools' variables stay unset: each function is configured by its synthesized environment alone.
const local = useLocalServices({ idempotencyTable: model.tables.find((t) => t.id === "idempotency")!.name, powertools: false });
beforeAll(async () => {
  await local.db.createTenantTable(silo("acme").environment.BULKHEAD_TENANT_TABLE as string);
  for (const tenant of ["acme", "globex"]) {
    const queue = queueOf(silo(tenant));
    const dlq = local.aws.server.createQueue(queue.deadLetterQueue!.name);
    local.aws.server.createQueue(queue.name, { attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: queue.maxReceiveCount }) } });
  }
});

/** The function's synthesized environment (literal values), pointed at the local endpoints. */
function lambdaEnv(f: FunctionModel): Record<string, string> {
  const literal = Object.entries(f.environment).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return {
    ...Object.fromEntries(literal),
    AWS_LAMBDA_FUNCTION_NAME: f.name,
    AWS_ENDPOINT_URL_DYNAMODB: local.db.endpoint,
    AWS_ENDPOINT_URL_SQS: local.aws.server.address,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  };
}

/** A fresh copy of a handler module, as each function is its own Lambda with its own runtime. */
async function deployed(module: "billing" | "merchant-reports", f: FunctionModel) {
  vi.resetModules();
  const { handler } = (await import(`../../services/orders/handlers/${module}.ts`)) as { handler: (e: SQSEvent, c: unknown) => Promise<SQSBatchResponse> };
  const env = lambdaEnv(f);
  return (event: SQSEvent) => withEnv(env, () => handler(event, lambdaContext(f.name)));
}

const orderPlaced = (merchantId: string, orderId: string) => ({ eventType: "OrderPlaced", orderId, merchantId, customerId: "c-1", amountCents: 4200, currency: "EUR" });

describe("billing → merchant-reports (services/orders)", () => {
  it("records a charge in the merchant's own silo, stored under that merchant's rows only", async () => {
    const billing = await deployed("billing", fn("orders-dev-order-events-billing"));
    const record = rawRecord(orderPlaced("globex", "globex:ext-7"), { tenant: "globex", queue: "orders-dev-order-events-billing" });
    expect((await billing(sqsEvent(record))).batchItemFailures).toEqual([]);

    const globexQueue = queueOf(silo("globex")).name;
    const sent = await local.aws.drain(globexQueue);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.MessageAttributes?.tenant?.StringValue).toBe("globex");
    expect(await local.aws.drain(queueOf(silo("acme")).name)).toEqual([]);

    const reports = await deployed("merchant-reports", silo("globex"));
    expect((await reports(sqsEvent(lambdaRecord(sent[0]!, globexQueue)))).batchItemFailures).toEqual([]);
    const day = new Date(Number(record.attributes.SentTimestamp)).toISOString().slice(0, 10);
    const rows = await local.db.items(silo("globex").environment.BULKHEAD_TENANT_TABLE as string);
    expect(rows).toEqual([expect.objectContaining({ pk: `globex#charges#${day}`, sk: "globex:ext-7", amountCents: 4200, currency: "EUR" })]);
  });

  it("dead-letters a message for another merchant that reached a silo's queue, unrun", async () => {
    const acmeQueue = queueOf(silo("acme"));
    const sqs = local.aws.sqsClient().client;
    const charge = { orderId: "globex:ext-8", amountCents: 100, currency: "EUR", chargedAt: "2026-12-01T10:00:00.000Z" };
    await sqs.send(new SendMessageCommand({ QueueUrl: local.aws.server.inspectQueue(acmeQueue.name)!.url, MessageBody: JSON.stringify(charge), MessageAttributes: { tenant: { DataType: "String", StringValue: "globex" } } }));
    const [message] = await local.aws.drain(acmeQueue.name);

    const reports = await deployed("merchant-reports", silo("acme"));
    expect((await reports(sqsEvent(lambdaRecord(message!, acmeQueue.name)))).batchItemFailures).toEqual([]);
    const dead = await local.aws.drain(acmeQueue.deadLetterQueue!.name);
    expect(dead.map((m) => m.MessageAttributes?.["bulkhead-rejected"]?.StringValue)).toEqual([expect.stringMatching(/^tenant-mismatch: tenant "globex"/)]);
    const rows = await local.db.items(silo("acme").environment.BULKHEAD_TENANT_TABLE as string);
    expect(rows.filter((r) => String(r.pk).startsWith("acme#"))).toEqual([]);
  });
});
