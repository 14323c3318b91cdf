import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProgram } from "../bench/measure/run-program.js";
import { census, censusDifferences } from "../bench/same-resources.js";
import { exampleCase, sixtyFourShardCase, type BenchCase } from "../bench/specs.js";

const program = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Runs both sides of a bench case once, as `npm run bench` does before timing them. */
function synthBothSides(c: BenchCase, scratch: string): { bulkhead: string; baseline: string } {
  const out = { bulkhead: join(scratch, c.slug, "bulkhead"), baseline: join(scratch, c.slug, "baseline") };
  const caseFile = join(scratch, `${c.slug}.case.json`);
  writeFileSync(caseFile, JSON.stringify(c.service));
  runProgram({ script: program("../bench/programs/bulkhead-synth.ts"), args: [c.projectRoot, out.bulkhead, ...c.specFiles] }, scratch);
  runProgram({ script: program("../bench/baseline/handwritten.ts"), args: [caseFile, out.baseline] }, scratch);
  return out;
}

// The bench refuses to time sides that differ; this keeps `npm test` from letting them drift apart unnoticed.
describe("the bench's hand-written baseline", () => {
  const scratch = mkdtempSync(join(tmpdir(), "bulkhead-bench-test-"));
  const outputs = new Map<string, { bulkhead: string; baseline: string }>();

  beforeAll(() => {
    const shardsRoot = join(scratch, "sixty-four-shards");
    mkdirSync(shardsRoot);
    for (const c of [exampleCase(process.cwd()), sixtyFourShardCase(shardsRoot)]) outputs.set(c.slug, synthBothSides(c, scratch));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(["example", "shards64"])("emits what bulkhead emits for the %s case", (slug) => {
    const { bulkhead, baseline } = outputs.get(slug)!;
    expect(censusDifferences(census(bulkhead), census(baseline), "bulkhead", "baseline")).toEqual([]);
  });

  it("publishes the 64-shard routing table to S3, as bulkhead does", () => {
    const counts = census(outputs.get("shards64")!.baseline).stacks.get("imports-dev")!;
    expect(counts.get("resource aws_s3_object")).toBe(1);
    expect(counts.get("resource aws_s3_bucket")).toBe(1);
  });

  it("is told apart when one pattern's resource counts under another, though the totals agree", () => {
    const moved = join(scratch, "moved");
    cpSync(outputs.get("example")!.baseline, moved, { recursive: true });
    const file = join(moved, "stacks", "orders-dev", "cdk.tf.json");
    const tf = JSON.parse(readFileSync(file, "utf8"));
    const shardQueue = Object.values<{ tags: Record<string, string> }>(tf.resource.aws_sqs_queue).find((q) => q.tags["bulkhead:pattern"] === "ingest")!;
    shardQueue.tags["bulkhead:pattern"] = "order-events";
    writeFileSync(file, JSON.stringify(tf));
    expect(censusDifferences(census(outputs.get("example")!.bulkhead), census(moved), "bulkhead", "baseline")).toEqual([
      expect.stringMatching(/^orders-dev: pattern ingest: resource aws_sqs_queue: bulkhead \d+, baseline \d+$/),
      expect.stringMatching(/^orders-dev: pattern order-events: resource aws_sqs_queue: bulkhead \d+, baseline \d+$/),
    ]);
  });
});
