import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalService, type LocalService } from "../../local/index.js";
import { Recorder, reportDelta } from "./support/recorder.js";
import { tempService } from "./support/temp-service.js";

// Two lanes of two concurrent one-record batches each; work sleeps as long as it says. High-lane
// work older than 2 s is deferred to the low lane, any work older than 6 s is dropped.
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
    deferAfterSeconds: 2
    expireAfterSeconds: 6
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
let delta: ReturnType<typeof reportDelta>;
beforeAll(async () => {
  service = await startLocalService(spec, { onEvent: recorder.onEvent });
  // Two warm environments per lane first: a cold start (seconds on a busy machine) counts towards
  // a message's age, as it does in Lambda, and would blur the ages below.
  for (const priority of ["high", "low"] as const) {
    for (const id of [`warm-${priority}-1`, `warm-${priority}-2`]) await service.send("work", { id, sleepMs: 500 }, { key: id, priority });
  }
  await service.waitForIdle({ timeoutMs: 30_000 });
  const before = service.report();
  // The low lane is busy for 8 s with l-1 and l-2; the high lane for 3.5 s with h-1 and h-2, so h-3
  // waits there about 3.5 s (over 2 s: deferred unrun), then in the low lane until about 8 s after
  // it was first sent (over 6 s: expired unrun).
  for (const id of ["l-1", "l-2"]) await service.send("work", { id, sleepMs: 8000 }, { key: id, priority: "low" });
  for (const id of ["h-1", "h-2"]) await service.send("work", { id, sleepMs: 3500 }, { key: id, priority: "high" });
  await service.send("work", { id: "h-3", sleepMs: 0 }, { key: "h-3", priority: "high" });
  await service.waitForIdle({ timeoutMs: 30_000 });
  delta = reportDelta(before, service.report());
});
afterAll(async () => {
  await service?.stop();
});

describe("a priority queue's lanes on the local runtime", () => {
  it("defers high-lane work that waited past deferAfterSeconds, counting it as deferred", () => {
    expect(delta["lanes-dev-work-high"]).toMatchObject({ processed: 2, deferred: 1, expired: 0, failed: 0 });
  });

  it("drops work older than expireAfterSeconds unrun, counting it as expired", () => {
    expect(delta["lanes-dev-work-low"]).toMatchObject({ processed: 2, deferred: 0, expired: 1, failed: 0 });
    const ran = recorder.probes<{ id: string; lane: string }>().filter((p) => !p.id.startsWith("warm-")).map((p) => `${p.id}@${p.lane}`).sort();
    expect(ran).toEqual(["h-1@high", "h-2@high", "l-1@low", "l-2@low"]);
    expect(Object.values(service.report().deadLetterQueues).every((n) => n === 0)).toBe(true);
  });
});
