import { beforeAll, describe, expect, it, vi } from "vitest";
import { REJECTED_ATTRIBUTE, type RoutingTable } from "../../handlers/index.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { rawRecord } from "./support/events.js";
import { useLocalServices } from "./support/local-services.js";

// Hoisted with vi.mock, which runs before the imports.
const INGEST = vi.hoisted((): RoutingTable => ({ version: 1, pattern: "ingest", queues: ["orders-dev-ingest-0", "orders-dev-ingest-1"], tenants: { acme: [0], globex: [1] } }));

// What esbuild provides in the bundle of a shuffle-sharded consumer of `ingest`. Only this file
// mocks it: everywhere else, a consumer that imported it would fail to load.
vi.mock("bulkhead:routing-tables", () => ({ default: { ingest: INGEST } }));

const local = useLocalServices({ powertools: { service: "orders" } });
beforeAll(() => {
  const dlq = local.aws.server.createQueue("orders-dev-ingest-1-dlq");
  local.aws.server.createQueue("orders-dev-ingest-1", { attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 3 }) } });
});

/** A shuffle-sharded consumer of `pattern`, with no tenancyTable option: it has only the bundled tables. */
function shardConsumer(pattern: string) {
  const ran: unknown[] = [];
  const consumer = consumerUnderTest(
    local,
    async (payload) => {
      ran.push(payload);
    },
    { functionName: uniqueName("orders-dev-ingest"), env: { BULKHEAD_TENANCY_PATTERN: pattern }, options: { sqs: local.aws.sqsClient().client } },
  );
  return { ran, invoke: consumer.invokeWith };
}

describe("a shuffle-sharded consumer's bundled routing table", () => {
  it("is what BULKHEAD_TENANCY_PATTERN names, imported on the first batch", async () => {
    const shard = shardConsumer("ingest");

    const response = await shard.invoke(rawRecord({ n: 1 }, { queue: "orders-dev-ingest-1", tenant: "globex" }), rawRecord({ n: 2 }, { queue: "orders-dev-ingest-1", tenant: "acme" }));

    expect(response.batchItemFailures).toEqual([]);
    expect(shard.ran).toEqual([{ n: 1 }]);
    const dead = await local.aws.drain("orders-dev-ingest-1-dlq");
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
