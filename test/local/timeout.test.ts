import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalService, type LocalService } from "../../local/index.js";
import { Recorder } from "./support/recorder.js";
import { shortTimeoutSpec, tempService } from "./support/temp-service.js";

// A function with a 2 s timeout whose handler sleeps 5 s on a message's first delivery only.
// `runsHere` is module state: it survives between invocations of one execution environment.
const spec = tempService(
  "timeout",
  shortTimeoutSpec("slowpoke", "jobs", "sleeper", "handlers/sleeper.ts", { visibilityTimeoutSeconds: 12, timeoutSeconds: 2 }),
  {
    "handlers/sleeper.ts": `import { sqsConsumer } from "RUNTIME";
let runsHere = 0;
export const handler = sqsConsumer(async (job, { record, context }) => {
  runsHere += 1;
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  console.log(JSON.stringify({ probe: "run", id: job.id, receiveCount, runsHere, remainingMs: context.getRemainingTimeInMillis() }));
  if (receiveCount === 1 && job.slow) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    console.log(JSON.stringify({ probe: "woke", id: job.id }));
  }
});
`,
  },
);

interface Run {
  id: string;
  receiveCount: number;
  runsHere: number;
  remainingMs: number;
  at: number;
}

let service: LocalService;
const recorder = new Recorder();
beforeAll(async () => {
  service = await startLocalService(spec, { onEvent: recorder.onEvent });
  await service.send("jobs", { id: "slow", slow: true }, { key: "slow" });
  await service.waitForIdle({ timeoutMs: 40_000 });
  await service.send("jobs", { id: "quick" }, { key: "quick" });
  await service.waitForIdle({ timeoutMs: 20_000 });
});
afterAll(async () => {
  await service?.stop();
});

describe("a function that runs past its timeout, on the local runtime", () => {
  it("is stopped at the timeout: the batch stays in the queue and the handler never gets further", () => {
    const invocations = recorder.invocations("slowpoke-dev-jobs-sleeper");
    expect(invocations.map((i) => i.outcome)).toEqual(["timeout", "ok", "ok"]);
    expect(invocations[0]).toMatchObject({ batchSize: 1, failed: 1 });
    // Node's timers may fire a millisecond before the clock reads the full timeout.
    expect(invocations[0]!.durationMs).toBeGreaterThanOrEqual(1_990);
    expect(invocations[0]!.durationMs).toBeLessThan(3_000);
    // The 5 s sleep was cut off: the line after it never came, though the run lasted longer than that.
    expect(recorder.probes("slowpoke-dev-jobs-sleeper").filter((p) => p.probe === "woke")).toEqual([]);
    expect(service.report().functions["slowpoke-dev-jobs-sleeper"]).toMatchObject({ invocations: 3, timedOut: 1, processed: 2, failed: 0 });
    expect(service.report().deadLetterQueues).toEqual({ "slowpoke-dev-jobs-sleeper-dlq": 0 });
  });

  it("gets the message again only after the visibility timeout, with its context counting down from the function timeout", () => {
    const runs = recorder.probes<Run>("slowpoke-dev-jobs-sleeper").filter((p) => (p as { probe?: string }).probe === "run");
    const [first, again] = runs.filter((r) => r.id === "slow");
    expect([first!.receiveCount, again!.receiveCount]).toEqual([1, 2]);
    // 12 s visibility from the receive; the first run line came after the environment's init.
    expect(again!.at - first!.at).toBeGreaterThanOrEqual(10_000);
    for (const run of runs) {
      expect(run.remainingMs).toBeLessThanOrEqual(2_000);
      expect(run.remainingMs).toBeGreaterThan(500);
    }
  });

  it("throws the timed-out environment away, and reuses a healthy one", () => {
    const runs = recorder.probes<Run>("slowpoke-dev-jobs-sleeper").filter((p) => (p as { probe?: string }).probe === "run");
    // The redelivery starts from a fresh module (the timed-out one was discarded); the next job finds it warm.
    expect(runs.map((r) => [r.id, r.runsHere])).toEqual([["slow", 1], ["slow", 1], ["quick", 2]]);
  });
});
