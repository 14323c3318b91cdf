/**
 * The fault run: 10,000 jobs through the local runtime (`startLocalService`: fauxqs, dynalite,
 * every invocation in a worker thread, Lambda's event source mapping emulated), of which 10% are
 * published two or three times, 1% are poison (they always throw) and 5% throw on their first
 * delivery only. Each job that runs records its business side effect in a DynamoDB table of the
 * local dynalite (`ADD runs 1` under the job's id), which the bench reads afterwards:
 *
 * - lost: a job expected to reach the handler (all but the poison) with no side effect;
 * - run twice: a job whose side effect happened more than once;
 * - poison in DLQs: the poison jobs in the consumer's DLQ (and nothing else there).
 *
 * Targets: 0 lost, 0 run twice. A temp spec with short timeouts (2 s, visibility 12 s, 3 receives)
 * keeps the retries quick; the poison's three receives take about 36 s whatever the machine.
 * Usage: tsx bench/fault-run.ts   (`npm run bench` runs it too)
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateTableCommand, DynamoDBClient, paginateScan } from "@aws-sdk/client-dynamodb";
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { startLocalService } from "../local/index.js";
import { ProgramFailed } from "./measure/run-program.js";
import { table } from "./print-table.js";
import type { Target } from "./targets.js";

const JOBS = 10_000;
const DUPLICATED = 1_000;
const POISON = 100;
const FAIL_ONCE = 500;
/** Sends in flight at once, as a busy producer fleet would have them. */
const SEND_WINDOW = 32;
const EFFECTS_TABLE = "bench-fault-effects";
const WORKER = "faults-dev-jobs-worker";
const DLQ = `${WORKER}-dlq`;
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

const SPEC = `version: 1
service: faults
region: us-east-1
environments:
  dev: {}
patterns:
  jobs:
    type: fanout
    externalPublishers: ["arn:aws:iam::123456789012:role/bench"]
    subscribers:
      worker:
        handler: handlers/worker.ts
        idempotencyKey: id
        batchSize: 10
        maxConcurrency: 8
        visibilityTimeoutSeconds: 12
        function: { timeoutSeconds: 2 }
        queue: { maxReceiveCount: 3 }
`;

const handler = (runtime: string) => `import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { sqsConsumer } from "${runtime}";

const db = new DynamoDBClient({});

/** The business side effect, recorded where the bench can count it: once per run of a job. */
export const handler = sqsConsumer(async (job: { id: string; poison?: boolean; failOnce?: boolean }, { record }) => {
  if (job.poison) throw new Error("job " + job.id + " is poison");
  if (job.failOnce && record.attributes.ApproximateReceiveCount === "1") throw new Error("job " + job.id + " fails its first delivery");
  await db.send(new UpdateItemCommand({
    TableName: "${EFFECTS_TABLE}",
    Key: { id: { S: job.id } },
    UpdateExpression: "ADD runs :one",
    ExpressionAttributeValues: { ":one": { N: "1" } },
  }));
  return { id: job.id };
});
`;

export interface FaultRun {
  readonly jobs: number;
  readonly publishes: number;
  readonly expectedToRun: number;
  readonly lost: number;
  readonly runTwice: number;
  readonly poison: number;
  readonly poisonInDlq: number;
  /** Messages in the DLQ that are not poison. */
  readonly othersInDlq: number;
  readonly duplicatesExpected: number;
  readonly duplicatesCaught: number;
  readonly invocations: number;
  readonly timedOut: number;
  readonly sendMs: number;
  /** From the first publish until every job but the poison had run. */
  readonly allRanMs: number;
  /** From the first publish until idle: the poison's three receives are done, and it is in the DLQ. */
  readonly totalMs: number;
  /** Problems the local runtime reported (a failed receive or delete). */
  readonly problems: readonly string[];
  /** The machine's 1-minute load average when the run started and when it ended: the times depend on it. */
  readonly load: readonly [number, number];
}

interface Job {
  readonly id: string;
  readonly poison?: true;
  readonly failOnce?: true;
}

/** A seeded shuffle (mulberry32), so every run faces the same mix in the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The jobs and every publish of them: the duplicated ones two or three times, all shuffled together. */
function plan(): { jobs: Job[]; publishes: Job[] } {
  const ids = shuffled(Array.from({ length: JOBS }, (_, i) => `job-${String(i).padStart(5, "0")}`), 7);
  const jobs: Job[] = ids.map((id, i) => (i < POISON ? { id, poison: true } : i < POISON + FAIL_ONCE ? { id, failOnce: true } : { id }));
  const publishes: Job[] = [...jobs];
  jobs.slice(POISON + FAIL_ONCE, POISON + FAIL_ONCE + DUPLICATED).forEach((job, i) => {
    publishes.push(job);
    if (i % 2 === 1) publishes.push(job);
  });
  return { jobs, publishes: shuffled(publishes, 11) };
}

export async function runFaultBench(): Promise<FaultRun> {
  const folder = join(REPO_ROOT, ".bulkhead-tmp", `bench-faults-${randomUUID().slice(0, 8)}`);
  mkdirSync(join(folder, "handlers"), { recursive: true });
  writeFileSync(join(folder, "service.yaml"), SPEC);
  const runtime = relative(join(folder, "handlers"), join(REPO_ROOT, "handlers", "index.js")).split("\\").join("/");
  writeFileSync(join(folder, "handlers", "worker.ts"), handler(runtime));
  const problems: string[] = [];
  const loadAtStart = loadavg()[0]!;
  try {
    const service = await startLocalService(join(folder, "service.yaml"), {
      projectRoot: REPO_ROOT,
      onEvent: (e) => e.kind === "problem" && problems.push(e.message),
    });
    const config = { endpoint: service.endpoints.dynamodb, region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" } };
    const db = new DynamoDBClient(config);
    const sqs = new SQSClient({ ...config, endpoint: service.endpoints.sqs });
    try {
      await db.send(
        new CreateTableCommand({ TableName: EFFECTS_TABLE, BillingMode: "PAY_PER_REQUEST", AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] }),
      );
      const { jobs, publishes } = plan();
      const started = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: SEND_WINDOW }, async () => {
          while (next < publishes.length) {
            const job = publishes[next++]!;
            await service.send("jobs", job, { key: job.id });
          }
        }),
      );
      const sendMs = Date.now() - started;
      let allRanMs: number | undefined;
      try {
        // When the last job that can run has run (the runtime's processed count); the poison's retries go on after.
        const runnable = jobs.length - POISON;
        const watch = setInterval(() => {
          if (allRanMs === undefined && service.report().functions[WORKER]!.processed >= runnable) allRanMs = Date.now() - started;
        }, 100);
        try {
          await service.waitForIdle({ timeoutMs: 600_000 });
        } finally {
          clearInterval(watch);
        }
      } catch (error) {
        throw new ProgramFailed(`the fault run did not drain: ${(error as Error).message}`);
      }
      const totalMs = Date.now() - started;

      const runs = new Map<string, number>();
      for await (const page of paginateScan({ client: db }, { TableName: EFFECTS_TABLE })) {
        for (const item of page.Items ?? []) runs.set(item.id!.S!, Number(item.runs!.N));
      }
      const expected = jobs.filter((j) => !j.poison);
      const dead = await drain(sqs, DLQ);
      const poisonIds = new Set(jobs.filter((j) => j.poison).map((j) => j.id));
      const report = service.report().functions[WORKER]!;
      return {
        jobs: jobs.length,
        publishes: publishes.length,
        expectedToRun: expected.length,
        lost: expected.filter((j) => !runs.has(j.id)).length,
        runTwice: [...runs.values()].filter((n) => n > 1).length,
        poison: poisonIds.size,
        poisonInDlq: new Set(dead.filter((id) => poisonIds.has(id))).size,
        othersInDlq: dead.filter((id) => !poisonIds.has(id)).length,
        duplicatesExpected: publishes.length - jobs.length,
        duplicatesCaught: report.duplicate,
        invocations: report.invocations,
        timedOut: report.timedOut,
        sendMs,
        allRanMs: allRanMs ?? totalMs,
        totalMs,
        problems,
        load: [loadAtStart, loadavg()[0]!],
      };
    } finally {
      db.destroy();
      sqs.destroy();
      await service.stop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The ids of every message in the queue (received once each, hidden for long enough to read them all). */
async function drain(sqs: SQSClient, queue: string): Promise<string[]> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
  const ids: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return ids;
    for (const m of Messages) ids.push((JSON.parse(m.Body!) as Job).id);
  }
}

const n = (value: number) => value.toLocaleString("en-US");
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatFaultBench(r: FaultRun): string[] {
  const seconds = r.totalMs / 1000;
  return [
    `fault run: ${n(r.jobs)} jobs, ${n(r.publishes)} publishes through the local runtime (startLocalService: fauxqs, dynalite, worker threads);`,
    `  ${n(DUPLICATED)} published two or three times, ${n(POISON)} poison (always throw), ${n(FAIL_ONCE)} throwing on their first delivery;`,
    `  one fan-out subscriber keyed on the job's id, batches of 10, 8 at once, 2 s timeout, 12 s visibility, 3 receives;`,
    `  side effects counted in dynalite (ADD runs 1 per job that ran); ${availableParallelism()} cores, 1-minute load average ${r.load[0].toFixed(1)} at start, ${r.load[1].toFixed(1)} at end`,
    "",
    table(
      ["figure", "value"],
      [
        ["jobs expected to reach the handler", n(r.expectedToRun)],
        ["lost (expected, no side effect)", n(r.lost)],
        ["run twice (side effect more than once)", n(r.runTwice)],
        ["poison in the DLQ", `${n(r.poisonInDlq)} of ${n(r.poison)}`],
        ["other messages in the DLQ", n(r.othersInDlq)],
        ["duplicates caught by idempotency", `${n(r.duplicatesCaught)} of ${n(r.duplicatesExpected)} extra publishes`],
        ["invocations (timed out)", `${n(r.invocations)} (${n(r.timedOut)})`],
        ["publishing (32 sends at a time)", s(r.sendMs)],
        ["every runnable job done", s(r.allRanMs)],
        ["total, first publish to idle (poison in the DLQ)", s(r.totalMs)],
        ["throughput until every runnable job was done", `${n(Math.round(r.publishes / (r.allRanMs / 1000)))} messages/s`],
        ["throughput over the total", `${n(Math.round(r.publishes / seconds))} messages/s`],
      ],
    ),
    ...(r.problems.length > 0 ? ["", `the runtime reported ${r.problems.length} problem(s), the first: ${r.problems[0]}`] : []),
  ];
}

/** 0 lost, 0 run twice; the poison figures are printed, not targets. */
export function faultTargets(r: FaultRun): Target[] {
  const zero = (what: string, value: number): Target => ({ what, measured: n(value), limit: "= 0", result: value === 0 ? "PASS" : "MISS" });
  return [zero("fault run: jobs lost", r.lost), zero("fault run: jobs run twice", r.runTwice)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runFaultBench();
  console.log(formatFaultBench(result).join("\n"));
  const targets = faultTargets(result);
  console.log(`\n${table(["target", "measured", "limit", "result"], targets.map((t) => [t.what, t.measured, t.limit, t.result]))}`);
  process.exitCode = targets.every((t) => t.result === "PASS") ? 0 : 2;
}
