import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplay } from "../../local/index.js";
import { cli } from "../support/project.js";
import { shortTimeoutPattern, specHeader, tempService } from "./support/temp-service.js";

// jobs: a consumer keyed on `id`, batches of 10; risky: one that throws for a poison job, with short
// timeouts so the poison reaches its DLQ within seconds (1 s timeout, 6 s visibility, 3 receives:
// about 18 s); naps: one that sleeps, for --timeout.
const spec = tempService(
  "replay",
  `${specHeader("replay")}  jobs:
    type: fanout
    subscribers:
      worker: { handler: handlers/worker.ts, idempotencyKey: id, batchSize: 10 }
${shortTimeoutPattern("risky", "worker", "handlers/worker.ts", { visibilityTimeoutSeconds: 6, timeoutSeconds: 1, maxReceiveCount: 3 })}  naps:
    type: fanout
    subscribers:
      napper:
        handler: handlers/napper.ts
        visibilityTimeoutSeconds: 60
        function: { timeoutSeconds: 8 }
`,
  {
    "handlers/worker.ts": `import { sqsConsumer } from "RUNTIME";
export const handler = sqsConsumer(async (job) => {
  if (job.poison) throw new Error("job " + job.id + " can never be done");
  return { id: job.id };
});
`,
    "handlers/napper.ts": `import { sqsConsumer } from "RUNTIME";
export const handler = sqsConsumer(async () => { await new Promise((r) => setTimeout(r, 4000)); });
`,
  },
);
const folder = dirname(spec);
const file = (name: string, lines: readonly string[]) => {
  const path = join(folder, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
};

describe("a replay file", () => {
  it("is JSON Lines: every line checked, every problem with its line (and column), blank lines skipped", () => {
    const { entries, problems } = parseReplay(
      [
        '{"pattern": "jobs", "body": {"id": 1}}',
        "",
        '{"pattern": "jobs", "body": {"id": 2},}',
        '{"pattern": "jobs"}',
        '{"patern": "jobs", "body": {}}',
        '{"pattern": "jobs", "body": {}, "attributes": {"n": 1}, "priority": "urgent"}',
        "[1, 2]",
        '{"pattern": "jobs", "body": null, "tenant": "acme", "priority": "low", "attributes": {"eventType": "X"}, "key": "k-7"}',
      ].join("\n"),
    );
    expect(problems).toEqual([
      { line: 3, column: 39, message: "not JSON: Expected double-quoted property name" },
      { line: 4, message: '"body" is missing: the message, any JSON value' },
      { line: 5, message: 'unknown key "patern"; did you mean "pattern"?' },
      { line: 5, message: '"pattern" must be the name of one of the service\'s patterns, got nothing' },
      { line: 6, message: '"priority" must be "high" or "low", got "urgent"' },
      { line: 6, message: 'attribute "n" must be a string, got 1' },
      { line: 7, message: 'must be a JSON object {"pattern": "...", "body": ...}, got an array' },
    ]);
    expect(entries).toEqual([
      { line: 1, pattern: "jobs", body: { id: 1 }, options: {} },
      { line: 8, pattern: "jobs", body: null, options: { tenant: "acme", priority: "low", attributes: { eventType: "X" }, key: "k-7" } },
    ]);
  });
});

describe("bulkhead dev --replay FILE --until-idle --report FILE", () => {
  it("sends every line, says how far it got, exits 0 once idle, and writes the report (a poison job in its DLQ)", async () => {
    const lines = Array.from({ length: 250 }, (_, i) => JSON.stringify({ pattern: "jobs", body: { id: `j-${i}` }, key: `j-${i}` }));
    lines.push(JSON.stringify({ pattern: "jobs", body: { id: "j-7" }, key: "j-7" }));
    lines.push(JSON.stringify({ pattern: "risky", body: { id: "bad", poison: true }, key: "bad" }));
    const replay = file("jobs.jsonl", lines);
    const report = join(folder, "out", "report.json");

    const run = await cli(process.cwd(), "dev", spec, "--replay", replay, "--until-idle", "--report", report, "--timeout", "60");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^replay: 100 of 252 messages sent \(\d+\.\d s\)$/m);
    expect(run.stdout).toMatch(/^replay: 200 of 252 messages sent/m);
    expect(run.stdout).toMatch(new RegExp(`^replay: 252 messages from ${replay.replace(/[.\\/]/g, "\\$&")} sent in \\d+\\.\\d s$`, "m"));
    expect(run.stdout).toMatch(/^idle: every queue is empty and nothing is in flight$/m);
    expect(run.stdout).toMatch(/^\d\d:\d\d:\d\d replay-dev-jobs-worker: \d+ records?, (ok|partial|error) in \d+ ms/m);
    // The end table, as interactive dev prints it.
    expect(run.stdout).toMatch(/^replay-dev-jobs-worker\s+\d+\s+250\s+1\s+0\s+0\s+0\s+0\s+0$/m);
    expect(run.stdout).toMatch(/^replay-dev-risky-worker-dlq\s+1$/m);
    expect(run.stdout).toContain(`report written to ${report}`);

    const written = JSON.parse(readFileSync(report, "utf8"));
    expect(written).toMatchObject({
      spec,
      environment: "dev",
      outcome: "idle",
      sent: 252,
      functions: {
        "replay-dev-jobs-worker": { processed: 250, duplicate: 1, failed: 0 },
        "replay-dev-risky-worker": { processed: 0, duplicate: 0 },
        "replay-dev-naps-napper": { invocations: 0, processed: 0, duplicate: 0, failed: 0 },
      },
      deadLetterQueues: { "replay-dev-jobs-worker-dlq": 0, "replay-dev-risky-worker-dlq": 1, "replay-dev-naps-napper-dlq": 0 },
    });
    // Three receives, each an invocation (a cold one may time out instead of failing).
    expect(written.functions["replay-dev-risky-worker"].invocations).toBe(3);
    expect(written.functions["replay-dev-jobs-worker"].invocations).toBeGreaterThanOrEqual(26);
    expect(written.durationMs).toBeGreaterThan(0);
  });

  it("sends nothing when a line is bad, and names every bad line", async () => {
    const replay = file("bad.jsonl", ['{"pattern": "jobs", "body": {"id": "fine"}}', '{"pattern": "jobs", "body": {"id": 2}', '{"pattern": "jbos", "body": {}}', '{"pattern": "jobs", "body": {}, "tenant": ""}']);
    const report = join(folder, "bad-report.json");
    // A line only the service can refuse (a pattern it lacks) is found once it has started, still before any send.
    const run = await cli(process.cwd(), "dev", spec, "--replay", replay, "--until-idle", "--report", report);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${replay}:2:38: not JSON: Expected ',' or '}' after property value`);
    expect(run.stderr).toContain(`${replay}:4: "tenant" must be a non-empty string, got ""`);
    expect(run.stderr).toMatch(/bulkhead dev: 2 bad lines in .*bad\.jsonl; nothing was sent$/);
    expect(existsSync(report)).toBe(false);

    const unknown = file("unknown.jsonl", ['{"pattern": "jobs", "body": {"id": "fine"}}', '{"pattern": "jbos", "body": {}}']);
    const second = await cli(process.cwd(), "dev", spec, "--replay", unknown, "--until-idle", "--report", report);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`${unknown}:2: service replay has no pattern "jbos"; it has jobs, risky, naps; did you mean jobs?`);
    expect(second.stderr).toMatch(/1 bad line in .*unknown\.jsonl; nothing was sent$/);
    expect(second.stdout).not.toMatch(/record/);
    expect(existsSync(report)).toBe(false);
  });

  it("gives up after --timeout, says what is still busy, writes the report as a timeout and exits 1", async () => {
    const replay = file("naps.jsonl", ['{"pattern": "naps", "body": {}}']);
    const report = join(folder, "timeout-report.json");
    const started = Date.now();
    const run = await cli(process.cwd(), "dev", spec, "--replay", replay, "--until-idle", "--timeout", "1.5", "--report", report);
    expect(run.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.stderr).toMatch(/^bulkhead dev: not idle after 1\.5 s \(--timeout\): 1 batch being invoked; 1 message in 1 queue \(1 in flight\); stopping$/m);
    expect(JSON.parse(readFileSync(report, "utf8"))).toMatchObject({ outcome: "timeout", sent: 1 });
  });

  it("refuses --timeout without --until-idle, and a timeout that is not a number of seconds", async () => {
    expect((await cli(process.cwd(), "dev", spec, "--timeout", "5")).stderr).toContain("--timeout limits an --until-idle run");
    expect((await cli(process.cwd(), "dev", spec, "--until-idle", "--timeout", "soon")).stderr).toContain("--timeout takes a number of seconds above 0, got soon");
    expect((await cli(process.cwd(), "dev", spec, "--replay", join(folder, "missing.jsonl"))).stderr).toContain("cannot read the replay file");
  });
});
