import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileBenchPrograms } from "../bench/measure/compile-programs.js";
import { runProgram } from "../bench/measure/run-program.js";
import { attributeDifferences, census, censusDifferences } from "../bench/same-resources.js";
import { exampleCase, fanoutCase, sixtyFourShardCase, type BenchCase } from "../bench/specs.js";
import { baselineSynth, bulkheadSynth, writeCaseFile, type SynthPrograms } from "../bench/synth-case.js";

// The CLI vitest's globalSetup compiled from this source (test/support/build-dist.ts).
const CLI = fileURLToPath(new URL("../bin/bulkhead.mjs", import.meta.url));

/** Runs both sides of a bench case once, compiled, as `npm run bench` does before timing them. */
async function synthBothSides(c: BenchCase, programs: SynthPrograms, scratch: string): Promise<{ bulkhead: string; baseline: string }> {
  const out = { bulkhead: join(scratch, c.slug, "bulkhead"), baseline: join(scratch, c.slug, "baseline") };
  await runProgram(bulkheadSynth(programs, c, out.bulkhead), scratch);
  await runProgram(baselineSynth(programs, writeCaseFile(c, scratch), out.baseline), scratch);
  return out;
}

// The bench refuses to time sides that differ; this keeps `npm test` from letting them drift apart unnoticed.
describe("the bench's hand-written baseline", () => {
  const scratch = mkdtempSync(join(tmpdir(), "bulkhead-bench-test-"));
  const outputs = new Map<string, { bulkhead: string; baseline: string }>();

  beforeAll(async () => {
    const programs = { cli: CLI, baseline: (await compileBenchPrograms(scratch)).baseline };
    const root = (name: string) => {
      mkdirSync(join(scratch, name));
      return join(scratch, name);
    };
    // 20 subscribers: distinct handlers and both runtimes (subscribers 4 and 13 run nodejs20.x) in the baseline's one esbuild call.
    const cases = [exampleCase(process.cwd()), sixtyFourShardCase(root("sixty-four-shards"), CLI), fanoutCase(root("fanout"), 20)];
    for (const c of cases) outputs.set(c.slug, await synthBothSides(c, programs, scratch));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(["example", "shards64", "fanout20"])("emits what bulkhead emits for the %s case", (slug) => {
    const { bulkhead, baseline } = outputs.get(slug)!;
    expect(censusDifferences(census(bulkhead), census(baseline), "bulkhead", "baseline")).toEqual([]);
    expect(attributeDifferences(bulkhead, baseline, "bulkhead", "baseline")).toEqual([]);
  });

  it("packages each of the fan-out's 20 handlers as its own code", () => {
    const hashes = (out: string) =>
      Object.values<{ source_code_hash: string }>(JSON.parse(readFileSync(join(out, "stacks", "shop-dev", "cdk.tf.json"), "utf8")).resource.aws_lambda_function).map((f) => f.source_code_hash);
    expect(new Set(hashes(outputs.get("fanout20")!.baseline)).size).toBe(20);
  });

  it("notifies the example's prod alarm topic from every alarm, and no topic in dev", () => {
    const alarms = (env: string) =>
      Object.values<{ alarm_actions?: string[]; ok_actions?: string[] }>(
        JSON.parse(readFileSync(join(outputs.get("example")!.baseline, "stacks", `orders-${env}`, "cdk.tf.json"), "utf8")).resource.aws_cloudwatch_metric_alarm,
      );
    const topic = "arn:aws:sns:us-east-1:123456789012:platform-alarms";
    expect(alarms("prod").every((a) => a.alarm_actions?.join() === topic && a.ok_actions?.join() === topic)).toBe(true);
    expect(alarms("dev").some((a) => a.alarm_actions !== undefined || a.ok_actions !== undefined)).toBe(false);
  });

  /** A copy of the example's baseline output with one change made to its orders-dev stack. */
  function alteredBaseline(name: string, change: (resources: Record<string, Record<string, Record<string, unknown>>>) => void): string {
    const altered = join(scratch, name);
    cpSync(outputs.get("example")!.baseline, altered, { recursive: true });
    const file = join(altered, "stacks", "orders-dev", "cdk.tf.json");
    const tf = JSON.parse(readFileSync(file, "utf8"));
    change(tf.resource);
    writeFileSync(file, JSON.stringify(tf));
    return altered;
  }

  it("is told apart by one changed attribute that leaves every count alike", () => {
    const altered = alteredBaseline("threshold", (r) => {
      const alarm = Object.values(r.aws_cloudwatch_metric_alarm!).find((a) => a.alarm_name === "orders-dev-order-events-billing-errors")!;
      alarm.threshold = 2;
    });
    const bulkhead = outputs.get("example")!.bulkhead;
    expect(censusDifferences(census(bulkhead), census(altered), "bulkhead", "baseline")).toEqual([]);
    expect(attributeDifferences(bulkhead, altered, "bulkhead", "baseline")).toEqual([
      "orders-dev: aws_cloudwatch_metric_alarm[orders-dev-order-events-billing-errors]: threshold: bulkhead 1, baseline 2",
    ]);
  });

  it("is told apart by a reference to another resource, whatever the logical ids", () => {
    const altered = alteredBaseline("retargeted", (r) => {
      const fn = Object.values(r.aws_lambda_function!).find((f) => f.function_name === "orders-dev-order-events-audit")!;
      const otherRole = Object.entries(r.aws_iam_role!).find(([, role]) => role.name === "orders-dev-order-events-billing")![0];
      fn.role = `\${aws_iam_role.${otherRole}.arn}`;
    });
    expect(attributeDifferences(outputs.get("example")!.bulkhead, altered, "bulkhead", "baseline")).toEqual([
      'orders-dev: aws_lambda_function[orders-dev-order-events-audit]: role: bulkhead "${aws_iam_role[orders-dev-order-events-audit].arn}", baseline "${aws_iam_role[orders-dev-order-events-billing].arn}"',
    ]);
  });

  it("publishes the 64-shard routing table to S3, as bulkhead does", () => {
    const counts = census(outputs.get("shards64")!.baseline).stacks.get("imports-dev")!;
    expect(counts.get("resource aws_s3_object")).toBe(1);
    expect(counts.get("resource aws_s3_bucket")).toBe(1);
  });

  it("is told apart when one pattern's resource counts under another, though the totals agree", () => {
    const moved = alteredBaseline("moved", (r) => {
      const shardQueue = Object.values(r.aws_sqs_queue!).find((q) => (q.tags as Record<string, string>)["bulkhead:pattern"] === "ingest")!;
      (shardQueue.tags as Record<string, string>)["bulkhead:pattern"] = "order-events";
    });
    expect(censusDifferences(census(outputs.get("example")!.bulkhead), census(moved), "bulkhead", "baseline")).toEqual([
      expect.stringMatching(/^orders-dev: pattern ingest: resource aws_sqs_queue: bulkhead \d+, baseline \d+$/),
      expect.stringMatching(/^orders-dev: pattern order-events: resource aws_sqs_queue: bulkhead \d+, baseline \d+$/),
    ]);
  });
});

describe("the bench's peak memory", () => {
  const scratch = mkdtempSync(join(tmpdir(), "bulkhead-bench-rss-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // esbuild's service is a child process; a peak of the Node process alone would leave it out.
  it("counts what the program's child processes hold, not only the program", async () => {
    const child = "const held = Buffer.alloc(200 * 2 ** 20, 1); setTimeout(() => held.length, 400);";
    const parent = `require("node:child_process").spawnSync(process.execPath, ["-e", ${JSON.stringify(child)}], { stdio: "inherit" });`;
    const { peakMb } = await runProgram({ args: ["-e", parent] }, scratch);
    // The child's 200 MB plus two Node runtimes (30-50 MB each).
    expect(peakMb).toBeGreaterThan(250);
  });
});
