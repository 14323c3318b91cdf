import { SendMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BULKHEAD_MESSAGE_ID_ATTRIBUTE,
  createTenantRouter,
  REJECTED_ATTRIBUTE,
  type RoutingTable,
  RoutingTableError,
  TENANT_ATTRIBUTE,
  UnknownTenantError,
} from "../../handlers/index.js";
import { bulkheadMessageId } from "../../handlers/producing/shard-router-keys.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { startLocalAws, type LocalAws } from "./support/fauxqs.js";
import { useLocalServices } from "./support/local-services.js";
import { pollOnce } from "./support/queue-poller.js";

const QUEUES = ["orders-dev-reports-acme", "orders-dev-reports-globex"];
/** What the synthesizer bundles for `sendsTo: [reports]`: the sharded table's shape, one queue per tenant. */
const TABLE: RoutingTable = { version: 1, pattern: "reports", queues: QUEUES, tenants: { acme: [0], globex: [1] } };
let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
  for (const name of QUEUES) {
    const dlq = aws.server.createQueue(`${name}-dlq`);
    aws.server.createQueue(name, { attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 3 }) } });
  }
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  aws.server.reset();
});

const attribute = (message: Message, name: string) => message.MessageAttributes?.[name]?.StringValue;

describe("createTenantRouter", () => {
  it("sends each tenant's messages to its own queue, stamped with the tenant and the shard router's bulkhead-message-id", async () => {
    const sqs = aws.sqsClient();
    const router = createTenantRouter(TABLE, { sqs: sqs.client });

    const sent = await router.send("globex", { reportId: "r-1" }, { key: "r-1", attributes: { kind: "monthly" } });
    await router.send("acme", { reportId: "r-2" }, { key: "r-2" });

    expect(router.queueFor("acme")).toBe("orders-dev-reports-acme");
    expect(router.queueFor("globex")).toBe("orders-dev-reports-globex");
    expect(sent).toMatchObject({ queueName: "orders-dev-reports-globex" });
    const [globex] = await aws.drain("orders-dev-reports-globex");
    expect(JSON.parse(globex!.Body!)).toEqual({ reportId: "r-1" });
    expect(attribute(globex!, TENANT_ATTRIBUTE)).toBe("globex");
    expect(attribute(globex!, "kind")).toBe("monthly");
    // Derived as the shard router derives it, so a retried send is recognised the same way.
    expect(attribute(globex!, BULKHEAD_MESSAGE_ID_ATTRIBUTE)).toBe(bulkheadMessageId("reports", "globex", "r-1"));
    expect(sent.bulkheadMessageId).toBe(bulkheadMessageId("reports", "globex", "r-1"));
    expect((await aws.drain("orders-dev-reports-acme")).map((m) => JSON.parse(m.Body!))).toEqual([{ reportId: "r-2" }]);
  });

  it("sends a batch of one tenant to its queue only", async () => {
    const router = createTenantRouter(TABLE, { sqs: aws.sqsClient().client });
    const entries = Array.from({ length: 12 }, (_, i) => ({ payload: { i }, key: `k-${i}` }));

    const results = await router.sendBatch("acme", entries);

    expect(new Set(results.map((r) => r.queueName))).toEqual(new Set(["orders-dev-reports-acme"]));
    expect(await aws.drain("orders-dev-reports-acme")).toHaveLength(12);
    expect(await aws.drain("orders-dev-reports-globex")).toEqual([]);
  });

  it("fails clearly for a tenant without a silo, sending nothing", async () => {
    const sqs = aws.sqsClient();
    const router = createTenantRouter(TABLE, { sqs: sqs.client });

    for (const tenant of ["umbrella", "constructor"]) {
      expect(() => router.queueFor(tenant)).toThrow(UnknownTenantError);
      await expect(router.send(tenant, {}, { key: "k" })).rejects.toThrow(`tenant "${tenant}" is not in the routing table of pattern "reports"`);
      await expect(router.sendBatch(tenant, [{ payload: {}, key: "k" }])).rejects.toThrow(UnknownTenantError);
    }
    expect(sqs.commands).toEqual([]);
  });

  it("refuses a table that gives a tenant other than one queue, or two tenants one queue", () => {
    const attempt = (tenants: Record<string, number[]>) => () => createTenantRouter({ ...TABLE, queues: [...QUEUES, "orders-dev-reports-spare"], tenants });

    expect(attempt({ acme: [0, 2], globex: [1] })).toThrow(RoutingTableError);
    expect(attempt({ acme: [0, 2], globex: [] })).toThrow(
      'routing table of pattern "reports" is not a tenant-isolated one (exactly one queue per tenant, of its own): tenant "acme" has 2 queues; tenant "globex" has 0 queues',
    );
    expect(attempt({ acme: [0], globex: [0] })).toThrow('tenants "acme" and "globex" share queue orders-dev-reports-acme');
    expect(attempt({ acme: [0], globex: [2] })).not.toThrow();
  });
});

describe("a silo fed by the router", () => {
  // Only dynalite added: the queues are the file's fauxqs ones.
  const local = useLocalServices({ fauxqs: false, powertools: { service: "orders" } });

  it("runs what the router sent it and dead-letters a message another producer misrouted to it", async () => {
    const sqs = aws.sqsClient().client;
    const ran: unknown[] = [];
    const acme = consumerUnderTest(
      local,
      async (payload) => {
        ran.push(payload);
      },
      { functionName: uniqueName("orders-dev-reports-acme"), env: { BULKHEAD_TENANT: "acme" }, options: { sqs } },
    );
    await createTenantRouter(TABLE, { sqs }).send("acme", { reportId: "r-1" }, { key: "r-1" });
    const QueueUrl = aws.server.inspectQueue("orders-dev-reports-acme")!.url;
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"reportId":"r-2"}', MessageAttributes: { tenant: { DataType: "String", StringValue: "globex" } } }));

    const { response } = await pollOnce(sqs, "orders-dev-reports-acme", (event) => acme.invoke(event));

    expect(response?.batchItemFailures).toEqual([]);
    expect(ran).toEqual([{ reportId: "r-1" }]);
    expect(await aws.drain("orders-dev-reports-acme")).toEqual([]);
    const dead = await aws.drain("orders-dev-reports-acme-dlq");
    expect(dead.map((m) => [m.Body, attribute(m, REJECTED_ATTRIBUTE)])).toEqual([
      ['{"reportId":"r-2"}', 'tenant-mismatch: tenant "globex" is not served by queue orders-dev-reports-acme'],
    ]);
  });
});
