import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalService, type CodeEvent, type LocalService } from "../../local/index.js";
import { Recorder } from "./support/recorder.js";
import { shortTimeoutSpec, tempService } from "./support/temp-service.js";

// A handler that says which version of its code runs, from a module it imports (so that an edit of
// an imported file, not only of the handler, is picked up); a "slow" job keeps its invocation
// running for a while, so that a change can land while it is in flight.
const spec = tempService(
  "hot-reload",
  shortTimeoutSpec("reload", "jobs", "worker", "handlers/worker.ts", { visibilityTimeoutSeconds: 30, timeoutSeconds: 5 }),
  {
    "handlers/version.ts": `export const VERSION = "v1";\n`,
    "handlers/worker.ts": `import { sqsConsumer } from "RUNTIME";
import { VERSION } from "./version.js";
export const handler = sqsConsumer(async (job) => {
  console.log(JSON.stringify({ probe: "start", id: job.id, version: VERSION }));
  if (job.slow) await new Promise((resolve) => setTimeout(resolve, 2500));
  console.log(JSON.stringify({ probe: "end", id: job.id, version: VERSION }));
});
`,
  },
);
const folder = dirname(spec);
const versionFile = join(folder, "handlers/version.ts");
const workerFile = join(folder, "handlers/worker.ts");

let service: LocalService;
const recorder = new Recorder();
beforeAll(async () => {
  service = await startLocalService(spec, { onEvent: recorder.onEvent, watch: true });
});
afterAll(async () => {
  await service?.stop();
});

const codeEvents = () => recorder.events.flatMap(({ event }) => (event.kind === "code" ? [event] : []));
async function nextCodeEvent(): Promise<CodeEvent> {
  const seen = codeEvents().length;
  const deadline = Date.now() + 15_000;
  while (codeEvents().length === seen) {
    if (Date.now() > deadline) throw new Error("no code event within 15 s of the edit");
    await new Promise((r) => setTimeout(r, 25));
  }
  return codeEvents()[seen]!;
}
async function probe(id: string, probe: "start" | "end") {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = recorder.probes<{ probe: string; id: string; version: string }>("reload-dev-jobs-worker").find((p) => p.id === id && p.probe === probe);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${probe} of ${id}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("handler edits on a running local service (watch: true)", () => {
  it("runs new code from the next invocation, and lets the one in flight finish on the old", async () => {
    await service.send("jobs", { id: "before" });
    await service.waitForIdle();
    expect((await probe("before", "end")).version).toBe("v1");

    await service.send("jobs", { id: "in-flight", slow: true });
    expect((await probe("in-flight", "start")).version).toBe("v1");
    const edited = nextCodeEvent();
    writeFileSync(versionFile, `export const VERSION = "v2";\n`);
    const event = await edited;
    expect(event).toMatchObject({ kind: "code", outcome: "reloaded", files: [versionFile.split("\\").join("/")], functions: ["reload-dev-jobs-worker"], problems: [] });

    await service.send("jobs", { id: "after" });
    await service.waitForIdle();
    // The slow one started on v1 and ends on v1; the next one is a new environment on v2.
    expect((await probe("in-flight", "end")).version).toBe("v1");
    expect((await probe("after", "start")).version).toBe("v2");
    expect(recorder.problems()).toEqual([]);
  });

  it("keeps the last good code running when a handler no longer builds, and says where it broke", async () => {
    const good = readFileSync(workerFile, "utf8");
    const broken = nextCodeEvent();
    writeFileSync(workerFile, `${good}\nexport const oops = ;\n`);
    const event = await broken;
    expect(event.outcome).toBe("failed");
    expect(event.functions).toEqual([]);
    // Located as check locates it: file:line:column, then what esbuild says.
    const lines = good.split("\n").length + 1;
    expect(event.problems.join("\n")).toMatch(new RegExp(`${workerFile.replace(/[.\\/]/g, "\\$&")}:${lines}:\\d+: cannot bundle handler .*Unexpected ";"`));

    await service.send("jobs", { id: "while-broken" });
    await service.waitForIdle();
    expect((await probe("while-broken", "end")).version).toBe("v2");

    const fixed = nextCodeEvent();
    writeFileSync(workerFile, good.replace('probe: "end"', 'probe: "end", fixed: true'));
    expect(await fixed).toMatchObject({ outcome: "reloaded", functions: ["reload-dev-jobs-worker"] });
    await service.send("jobs", { id: "fixed" });
    await service.waitForIdle();
    expect(await probe("fixed", "end")).toMatchObject({ version: "v2", fixed: true });
  });

  it("says so when a file changed but no function's code did", async () => {
    const unchanged = nextCodeEvent();
    writeFileSync(versionFile, `// a comment, which the bundle leaves out\nexport const VERSION = "v2";\n`);
    expect(await unchanged).toMatchObject({ outcome: "unchanged", functions: [] });
  });
});
