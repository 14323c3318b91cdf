import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConsumerConfig, REJECTED_ATTRIBUTE, type RoutingTable, sqsConsumer } from "../../handlers/index.js";
import { lambdaContext, rawRecord, sqsEvent } from "./support/events.js";
import { startLocalAws, type LocalAws } from "./support/fauxqs.js";
import { startLocalDynamoDB, type LocalDynamoDB } from "./support/local-dynamodb.js";
import { captureOutput } from "./support/output.js";

// Hoisted with vi.mock, which runs before the imports.
const INGEST = vi.hoisted((): RoutingTable => ({ version: 1, pattern: "ingest", queues: ["orders-dev-ingest-0", "orders-dev-ingest-1"], tenants: { acme: [0], globex: [1] } }));

// What esbuild provides in the bundle of a shuffle-sharded consumer of `ingest`. Only this file
// mocks it: everywhere else, a consumer that imported it would fail to load.
vi.mock("bulkhead:routing-tables", () => ({ default: { ingest: INGEST } }));

const TABLE = "orders-dev-idempotency";
let aws: LocalAws;
let db: LocalDynamoDB;
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  vi.stubEnv("POWERTOOLS_SERVICE_NAME", "orders");
  [aws, db] = await Promise.all([startLocalAws(), startLocalDynamoDB()]);
  await db.createIdempotencyTable(TABLE);
  const dlq = aws.server.createQueue("orders-dev-ingest-1-dlq");
  aws.server.createQueue("orders-dev-ingest-1", { attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 3 }) } });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([aws.stop(), db.stop()]);
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

function shardConsumer(pattern: string) {
  const functionName = `orders-dev-ingest-${randomUUID().slice(0, 6)}`;
  const ran: unknown[] = [];
  const config = loadConsumerConfig({ AWS_LAMBDA_FUNCTION_NAME: functionName, BULKHEAD_IDEMPOTENCY_TABLE: TABLE, BULKHEAD_MESSAGE_FORMAT: "raw", BULKHEAD_QUEUE_KIND: "standard", BULKHEAD_TENANCY_PATTERN: pattern });
  const handle = sqsConsumer(async (payload) => {
    ran.push(payload);
  }, { config, dynamoDBClient: db.client, sqs: aws.sqsClient().client });
  return { ran, invoke: (...records: ReturnType<typeof rawRecord>[]) => handle(sqsEvent(...records), lambdaContext(functionName)) };
}

describe("a shuffle-sharded consumer's bundled routing table", () => {
  it("is what BULKHEAD_TENANCY_PATTERN names, imported on the first batch", async () => {
    const shard = shardConsumer("ingest");

    const response = await shard.invoke(rawRecord({ n: 1 }, { queue: "orders-dev-ingest-1", tenant: "globex" }), rawRecord({ n: 2 }, { queue: "orders-dev-ingest-1", tenant: "acme" }));

    expect(response.batchItemFailures).toEqual([]);
    expect(shard.ran).toEqual([{ n: 1 }]);
    const dead = await aws.drain("orders-dev-ingest-1-dlq");
    expect(dead.map((m) => m.MessageAttributes?.[REJECTED_ATTRIBUTE]?.StringValue)).toEqual(['tenant-mismatch: tenant "acme" is not served by queue orders-dev-ingest-1']);
  });

  it("fails the invocation, telling what is missing, when the bundle lacks the pattern's table", async () => {
    const shard = shardConsumer("billing");

    await expect(shard.invoke(rawRecord({ n: 1 }, { queue: "orders-dev-billing-0", tenant: "acme" }))).rejects.toThrow(
      'BULKHEAD_TENANCY_PATTERN is "billing", but this function\'s bundle does not carry a usable routing table for it: no routing table for pattern "billing" is bundled',
    );
    expect(shard.ran).toEqual([]);
  });
});
