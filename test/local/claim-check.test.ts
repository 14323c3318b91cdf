import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalService, type LocalService } from "../../local/index.js";
import { Recorder } from "./support/recorder.js";
import { tempService } from "./support/temp-service.js";

// A fan-out whose declared payload (1 MiB) no SNS hop carries: the model plans a claim check, so
// the stack gets its claim-check bucket, the publisher a threshold and the subscribers the bucket.
const spec = tempService(
  "claim-check",
  `version: 1
service: bulky
region: us-east-1
environments:
  dev: {}
patterns:
  documents:
    type: fanout
    maxPayloadBytes: 1048576
    subscribers:
      raw: { handler: handlers/size.ts }
      enveloped: { handler: handlers/size.ts, rawMessageDelivery: false }
`,
  {
    "handlers/size.ts": `import { sqsConsumer } from "RUNTIME";
export const handler = sqsConsumer(async (doc, { record }) => {
  console.log(JSON.stringify({ probe: "size", id: doc.id, textLength: doc.text.length, bodyLength: record.body.length }));
});
`,
  },
);

let service: LocalService;
const recorder = new Recorder();
beforeAll(async () => {
  service = await startLocalService(spec, { onEvent: recorder.onEvent });
  await service.send("documents", { id: "big", text: "x".repeat(400_000) }, { key: "big" });
  await service.send("documents", { id: "small", text: "x".repeat(100) }, { key: "small" });
  await service.waitForIdle();
});
afterAll(async () => {
  await service?.stop();
});

describe("a payload over a hop's limit on the local runtime", () => {
  it("goes by reference through the claim-check bucket and reaches every subscriber whole", async () => {
    for (const fn of ["bulky-dev-documents-raw", "bulky-dev-documents-enveloped"]) {
      const sizes = recorder.probes<{ id: string; textLength: number; bodyLength: number }>(fn);
      const big = sizes.find((s) => s.id === "big")!;
      expect(big.textLength, fn).toBe(400_000);
      // What came through SQS was the pointer (in the envelope, when enveloped), not the document.
      expect(big.bodyLength, fn).toBeLessThan(2_000);
      expect(sizes.find((s) => s.id === "small")!.bodyLength, fn).toBeGreaterThan(100);
    }
    const s3 = new S3Client({ endpoint: service.endpoints.s3, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    try {
      const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: "bulky-dev-claims-local" }));
      expect(Contents.map((o) => o.Key)).toEqual([expect.stringMatching(/^documents\/[0-9a-f]{32}$/)]);
    } finally {
      s3.destroy();
    }
  });
});
