import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalService, type LocalService } from "../../local/index.js";
import { Recorder } from "./support/recorder.js";
import { specHeader, tempService } from "./support/temp-service.js";

// Two subscribers of one topic, as orders' billing (raw delivery, the default) and audit
// (rawMessageDelivery: false) are; each prints the record it got and the payload the runtime read.
const probe = `import { sqsConsumer } from "RUNTIME";
export const handler = sqsConsumer(async (payload, { record, messageId }) => {
  console.log(JSON.stringify({ probe: "record", body: record.body, messageAttributes: record.messageAttributes, payload, messageId, sqsMessageId: record.messageId }));
});
`;
const spec = tempService(
  "delivery",
  `${specHeader("delivery")}  events:
    type: fanout
    subscribers:
      raw: { handler: handlers/probe.ts }
      enveloped: { handler: handlers/probe.ts, rawMessageDelivery: false }
`,
  { "handlers/probe.ts": probe },
);

interface Probe {
  body: string;
  messageAttributes: Record<string, { dataType: string; stringValue?: string }>;
  payload: unknown;
  messageId: string;
  sqsMessageId: string;
}

let service: LocalService;
const recorder = new Recorder();
beforeAll(async () => {
  service = await startLocalService(spec, { onEvent: recorder.onEvent });
  await service.send("events", { eventType: "OrderPlaced", orderId: "o-1" }, { key: "o-1", tenant: "acme", attributes: { eventType: "OrderPlaced" } });
  await service.waitForIdle();
});
afterAll(async () => {
  await service?.stop();
});

describe("a fan-out's deliveries on the local runtime", () => {
  it("hands a raw-delivery subscriber the payload as the body and the publish's attributes as SQS attributes", () => {
    const [got, ...more] = recorder.probes<Probe>("delivery-dev-events-raw");
    expect(more).toEqual([]);
    expect(JSON.parse(got!.body)).toEqual({ eventType: "OrderPlaced", orderId: "o-1" });
    expect(got!.messageAttributes.eventType).toMatchObject({ dataType: "String", stringValue: "OrderPlaced" });
    expect(got!.messageAttributes.tenant).toMatchObject({ dataType: "String", stringValue: "acme" });
    expect(got!.messageAttributes["bulkhead-message-id"]?.stringValue).toMatch(/^[0-9a-f]{32}$/);
    // Raw: the runtime's id is the SQS message's own.
    expect(got!.messageId).toBe(got!.sqsMessageId);
  });

  it("hands an enveloped subscriber the SNS notification, attributes inside it, and the runtime unwraps it", () => {
    const [got, ...more] = recorder.probes<Probe>("delivery-dev-events-enveloped");
    expect(more).toEqual([]);
    const envelope = JSON.parse(got!.body);
    expect(envelope).toMatchObject({
      Type: "Notification",
      TopicArn: "arn:aws:sns:us-east-1:000000000000:delivery-dev-events",
      Message: JSON.stringify({ eventType: "OrderPlaced", orderId: "o-1" }),
      MessageAttributes: {
        eventType: { Type: "String", Value: "OrderPlaced" },
        tenant: { Type: "String", Value: "acme" },
        "bulkhead-message-id": { Type: "String", Value: expect.stringMatching(/^[0-9a-f]{32}$/) },
      },
    });
    expect(envelope.MessageId).toEqual(expect.any(String));
    expect(Object.keys(envelope)).toEqual(expect.arrayContaining(["SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL"]));
    expect(new Date(envelope.Timestamp).toISOString()).toBe(envelope.Timestamp);
    // SNS puts the attributes in the envelope, not on the SQS message.
    expect(got!.messageAttributes).toEqual({});
    expect(got!.payload).toEqual({ eventType: "OrderPlaced", orderId: "o-1" });
    // Enveloped: the runtime's id is SNS's MessageId, the same for every subscriber of one publish.
    expect(got!.messageId).toBe(envelope.MessageId);
  });
});
