import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalService, type LocalService } from "../../local/index.js";
import { Recorder } from "./support/recorder.js";
import { shortTimeoutSpec, tempService } from "./support/temp-service.js";

// A consumer that always throws for one message. Short timeouts keep the three deliveries within
// seconds: 1 s function timeout, 6 s visibility (the visibility-timeout guardrail's minimum), 3 receives.
const spec = tempService(
  "poison",
  shortTimeoutSpec("poison", "jobs", "worker", "handlers/worker.ts", { visibilityTimeoutSeconds: 6, timeoutSeconds: 1, maxReceiveCount: 3 }),
  {
    "handlers/worker.ts": `import { sqsConsumer } from "RUNTIME";
export const handler = sqsConsumer(async (job, { record }) => {
  console.log(JSON.stringify({ probe: "attempt", id: job.id, receiveCount: Number(record.attributes.ApproximateReceiveCount) }));
  if (job.poison) throw new Error("job " + job.id + " can never be done");
});
`,
  },
);

let service: LocalService;
const recorder = new Recorder();
beforeAll(async () => {
  service = await startLocalService(spec, { onEvent: recorder.onEvent });
  for (const id of ["good-1", "good-2", "good-3"]) await service.send("jobs", { id }, { key: id });
  await service.send("jobs", { id: "bad", poison: true }, { key: "bad" });
  await service.waitForIdle({ timeoutMs: 60_000 });
});
afterAll(async () => {
  await service?.stop();
});

describe("a poison message on the local runtime", () => {
  it("is tried maxReceiveCount (3) times, each a fresh receive, then moved to the DLQ by the redrive policy", () => {
    const attempts = recorder.probes<{ id: string; receiveCount: number }>("poison-dev-jobs-worker").filter((p) => p.id === "bad");
    expect(attempts.map((a) => a.receiveCount)).toEqual([1, 2, 3]);
    // Each retry waited for the visibility timeout (6 s) after its receive; the first attempt's
    // line comes after the environment's init too, so the first gap is shorter by that much.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(4_000);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(5_500);
    expect(service.report().deadLetterQueues).toEqual({ "poison-dev-jobs-worker-dlq": 1 });
  });

  it("leaves the DLQ holding that message only, and the good ones processed once", async () => {
    const sqs = new SQSClient({ endpoint: service.endpoints.sqs, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: "poison-dev-jobs-worker-dlq" }));
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      expect(Messages.map((m) => JSON.parse(m.Body!))).toEqual([{ id: "bad", poison: true }]);
    } finally {
      sqs.destroy();
    }
    const good = recorder.probes<{ id: string }>("poison-dev-jobs-worker").filter((p) => p.id !== "bad");
    expect(good.map((p) => p.id).sort()).toEqual(["good-1", "good-2", "good-3"]);
    expect(service.report().functions["poison-dev-jobs-worker"]).toMatchObject({ processed: 3, failed: 3, errors: 3 });
  });
});
