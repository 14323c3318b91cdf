import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.js";
import { startLocalService, type LocalService } from "../../local/index.js";
import { Recorder } from "./support/recorder.js";
import { tempService } from "./support/temp-service.js";

// `capped`: one mapping capped at 2. `fanin`: four shard mappings of one function, each capped at
// 2. Every run takes 600 ms and says when and from which queue it ran.
const spec = tempService(
  "concurrency",
  `version: 1
service: caps
region: us-east-1
environments:
  dev: {}
tenants: [t1, t2]
operators: ["arn:aws:iam::123456789012:role/oncall"]
patterns:
  fanin:
    type: shuffle-sharded-queue
    shards: 4
    shardsPerTenant: 2
    consumer: { handler: handlers/slow.ts, batchSize: 1, maxConcurrencyPerShard: 2 }
  spread:
    type: fanout
    subscribers:
      capped: { handler: handlers/slow.ts, batchSize: 1, maxConcurrency: 2 }
`,
  {
    "handlers/slow.ts": `import { sqsConsumer } from "RUNTIME";
export const handler = sqsConsumer(async (job, { record }) => {
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 600));
  console.log(JSON.stringify({ probe: "span", id: job.id, queue: record.eventSourceARN.split(":").at(-1), start, end: Date.now() }));
});
`,
  },
);

/** The most spans that were running at one moment. */
function mostAtOnce(spans: { start: number; end: number }[]): number {
  const edges = spans.flatMap((s) => [[s.start, 1] as const, [s.end, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, (now += step));
  return most;
}

let service: LocalService;
const recorder = new Recorder();
beforeAll(async () => {
  const out: string[] = [];
  const code = await runCli(["shards", "assign", spec], { cwd: process.cwd(), out: (l) => out.push(l), err: (l) => out.push(l) });
  if (code !== 0) throw new Error(out.join("\n"));
  service = await startLocalService(spec, { onEvent: recorder.onEvent });
  for (let i = 0; i < 8; i++) await service.send("spread", { id: `s-${i}` }, { key: `s-${i}` });
  for (let i = 0; i < 12; i++) await service.send("fanin", { id: `f-${i}` }, { key: `f-${i}`, tenant: i % 2 === 0 ? "t1" : "t2" });
  await service.waitForIdle({ timeoutMs: 30_000 });
});
afterAll(async () => {
  await service?.stop();
});

describe("concurrency on the local runtime", () => {
  it("runs at most maximumConcurrency batches of one mapping at once, and that many when there is work", () => {
    const spans = recorder.probes<{ start: number; end: number }>("caps-dev-spread-capped");
    expect(spans).toHaveLength(8);
    expect(mostAtOnce(spans)).toBe(2);
  });

  it("caps each mapping of a function on its own: every shard at 2, the function above that", () => {
    const spans = recorder.probes<{ queue: string; start: number; end: number }>("caps-dev-fanin");
    expect(spans).toHaveLength(12);
    const queues = [...new Set(spans.map((s) => s.queue))];
    expect(queues.length).toBeGreaterThan(1);
    for (const queue of queues) expect(mostAtOnce(spans.filter((s) => s.queue === queue)), queue).toBeLessThanOrEqual(2);
    expect(mostAtOnce(spans)).toBeGreaterThan(2);
  });
});
