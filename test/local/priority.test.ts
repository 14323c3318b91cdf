import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalService, type LocalService } from "../../local/index.js";
import { Recorder } from "./support/recorder.js";
import { tempService } from "./support/temp-service.js";

// Two lanes of two concurrent one-record batches each; work sleeps as long as it says. High-lane
// work older than 1 s is deferred to the low lane, any work older than 4 s is dropped.
const spec = tempService(
  "priority",
  `version: 1
service: lanes
region: us-east-1
environments:
  dev: {}
patterns:
  work:
    type: priority-queue
    deferAfterSeconds: 1
    expireAfterSeconds: 4
    consumers:
      high: { handler: handlers/work.ts, idempotencyKey: id, batchSize: 1, maxConcurrency: 2, function: { timeoutSeconds: 10 } }
      low: { handler: handlers/work.ts, idempotencyKey: id, batchSize: 1, maxConcurrency: 2, function: { timeoutSeconds: 10 } }
`,
  {
    "handlers/work.ts": `import { sqsConsumer } from "RUNTIME";
export const handler = sqsConsumer(async (job) => {
  console.log(JSON.stringify({ probe: "ran", id: job.id, lane: process.env.BULKHEAD_LANE }));
  await new Promise((resolve) => setTimeout(resolve, job.sleepMs));
});
`,
  },
);

let service: LocalService;
const recorder = new Recorder();
beforeAll(async () => {
  service = await startLocalService(spec, { onEvent: recorder.onEvent });
  // The low lane is busy for 5 s with l-1 and l-2; the high lane for 2 s with h-1 and h-2, so h-3
  // waits there about 2 s (over 1 s: deferred unrun), then in the low lane until about 5 s after it
  // was first sent (over 4 s: expired unrun).
  for (const id of ["l-1", "l-2"]) await service.send("work", { id, sleepMs: 5000 }, { key: id, priority: "low" });
  for (const id of ["h-1", "h-2"]) await service.send("work", { id, sleepMs: 2000 }, { key: id, priority: "high" });
  await service.send("work", { id: "h-3", sleepMs: 0 }, { key: "h-3", priority: "high" });
  await service.waitForIdle({ timeoutMs: 30_000 });
});
afterAll(async () => {
  await service?.stop();
});

describe("a priority queue's lanes on the local runtime", () => {
  it("defers high-lane work that waited past deferAfterSeconds, counting it as deferred", () => {
    expect(service.report().functions["lanes-dev-work-high"]).toMatchObject({ processed: 2, deferred: 1, expired: 0, failed: 0 });
  });

  it("drops work older than expireAfterSeconds unrun, counting it as expired", () => {
    expect(service.report().functions["lanes-dev-work-low"]).toMatchObject({ processed: 2, deferred: 0, expired: 1, failed: 0 });
    const ran = recorder.probes<{ id: string; lane: string }>().map((p) => `${p.id}@${p.lane}`).sort();
    expect(ran).toEqual(["h-1@high", "h-2@high", "l-1@low", "l-2@low"]);
    expect(Object.values(service.report().deadLetterQueues).every((n) => n === 0)).toBe(true);
  });
});
