import { beforeAll, describe, expect, it } from "vitest";
import { handler } from "../../services/orders/handlers/ingest.js";
import { withEnv } from "./support/env.js";
import { lambdaContext, rawRecord, sqsEvent } from "./support/events.js";
import { DUMMY_CREDENTIALS, REGION } from "./support/local-dynamodb.js";
import { useLocalServices } from "./support/local-services.js";

// The example service's ingest function as deployed: configured by its environment alone, with
// billing subscribed to order-events as the spec has it (raw delivery, filtered on eventType).

// Powertools' variables stay unset: the function is configured by lambdaEnv alone.
const local = useLocalServices({ powertools: false });
let lambdaEnv: Record<string, string>;

beforeAll(() => {
  const { topicArn } = local.aws.server.createTopic("orders-dev-order-events");
  local.aws.server.createQueue("orders-dev-order-events-billing");
  local.aws.server.subscribe({
    topic: "orders-dev-order-events",
    queue: "orders-dev-order-events-billing",
    attributes: { RawMessageDelivery: "true", FilterPolicy: JSON.stringify({ eventType: ["OrderPlaced"] }) },
  });
  lambdaEnv = {
    AWS_LAMBDA_FUNCTION_NAME: "orders-dev-ingest",
    BULKHEAD_IDEMPOTENCY_TABLE: local.idempotencyTable,
    BULKHEAD_IDEMPOTENCY_KEY: "[merchantId, externalOrderId]",
    BULKHEAD_MESSAGE_FORMAT: "raw",
    BULKHEAD_QUEUE_KIND: "standard",
    BULKHEAD_TOPIC_ARN_ORDER_EVENTS: topicArn,
    AWS_ENDPOINT_URL_DYNAMODB: local.db.endpoint,
    AWS_ENDPOINT_URL_SNS: local.aws.server.address,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  };
});

const order = (externalOrderId: string, amountCents = 1250) => ({
  merchantId: "acme",
  externalOrderId,
  customerId: "c-9",
  amountCents,
  currency: "EUR",
  shippingAddress: { country: "DE", postcode: "10115" },
});
const invoke = (...orders: ReturnType<typeof order>[]) =>
  withEnv(lambdaEnv, () =>
    handler(sqsEvent(...orders.map((o) => rawRecord(o, { tenant: "acme" }))), lambdaContext("orders-dev-ingest")),
  );

describe("ingest (services/orders)", () => {
  it("announces each valid order once as OrderPlaced, in the shape billing and shipping read", async () => {
    const invalid = order("ext-2", 0);
    const response = await invoke(order("ext-1"), invalid, order("ext-1"));

    expect(response.batchItemFailures).toHaveLength(1);
    const received = await local.aws.drain("orders-dev-order-events-billing");
    expect(received.map((m) => JSON.parse(m.Body!))).toEqual([
      {
        eventType: "OrderPlaced",
        orderId: "acme:ext-1",
        merchantId: "acme",
        customerId: "c-9",
        amountCents: 1250,
        currency: "EUR",
        shippingAddress: { country: "DE", postcode: "10115" },
      },
    ]);
    expect(Object.keys(received[0]!.MessageAttributes ?? {}).sort()).toEqual(["bulkhead-message-id", "eventType", "tenant"]);
    expect(received[0]!.MessageAttributes?.tenant?.StringValue).toBe("acme");
  });
});
