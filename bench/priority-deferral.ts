/**
 * A spike on a priority queue's high lane: 5,000 messages queued up over the last two minutes,
 * fresh ones arriving on top at a steady rate, run twice in this process, with deferral on (the high lane moves work
 * older than deferAfterSeconds to the low lane unrun) and off (the same lanes without it). What it
 * measures is the age at which fresh high-lane work is processed: with deferral off it waits behind
 * the whole backlog. Real runtime (sqsConsumer, priority publisher), real fauxqs and dynalite on
 * loopback; an event-source loop per lane stands in for Lambda's pollers. fauxqs hands out a
 * standard queue's messages oldest first; SQS does roughly the same, without a promise.
 * Usage: tsx bench/priority-deferral.ts  (prints a table; `npm run bench` runs it too)
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { createPriorityPublisher, loadConsumerConfig, priorityQueueVariable, sqsConsumer } from "../handlers/index.js";
import { laneEnvironment } from "../patterns/priority-queue/settings.js";
import { lambdaContext } from "../test/handlers/support/events.js";
import { startLocalAws, type LocalAws } from "../test/handlers/support/fauxqs.js";
import { startLocalDynamoDB, type LocalDynamoDB } from "../test/handlers/support/local-dynamodb.js";
import { pollOnce } from "../test/handlers/support/queue-poller.js";
import { median } from "./measure/run-program.js";

const BACKLOG = 5_000;
const FRESH = 200;
const FRESH_EVERY_MS = 25;
/** A business call's duration (an email API, a database write). */
const WORK_MS = 10;
const HIGH_POLLERS = 4;
const LOW_POLLERS = 1;
const DEFER_AFTER_SECONDS = 5;
/** The backlog built up while the consumers could not keep up: its oldest work is this old when the run starts. */
const BACKLOG_AGE_SECONDS = 120;
const TABLE = "bench-idempotency";

interface Job {
  readonly id: string;
  readonly fresh: boolean;
  readonly sentAt: number;
}

export interface SpikeResult {
  readonly deferral: boolean;
  readonly freshAgesMs: number[];
  readonly wallMs: number;
  /** Deferred backlog still waiting in the low lane when the last fresh message was processed. */
  readonly waitingInLow: number;
}

// The runtime's JSON logs and EMF documents would bury the table.
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED = "true";
process.env.POWERTOOLS_METRICS_NAMESPACE = "bench";
process.env.POWERTOOLS_SERVICE_NAME = "bench";

async function spike(aws: LocalAws, db: LocalDynamoDB, deferral: boolean): Promise<SpikeResult> {
  const pattern = `spike-${randomUUID().slice(0, 6)}`;
  const lanes = { high: `${pattern}-high`, low: `${pattern}-low` };
  for (const name of Object.values(lanes)) aws.server.createQueue(name);
  const sqs = aws.sqsClient().client;
  const freshAges: number[] = [];
  const consumer = (lane: "high" | "low") => {
    const functionName = `${pattern}-${lane}`;
    const env = laneEnvironment({
      lane,
      expireAfterSeconds: 3600,
      ...(lane === "high" && deferral ? { deferAfterSeconds: DEFER_AFTER_SECONDS, deferTo: lanes.low } : {}),
    });
    const config = loadConsumerConfig({ AWS_LAMBDA_FUNCTION_NAME: functionName, BULKHEAD_IDEMPOTENCY_TABLE: TABLE, BULKHEAD_MESSAGE_FORMAT: "raw", BULKHEAD_QUEUE_KIND: "standard", BULKHEAD_IDEMPOTENCY_SCOPE: `${pattern}@lanes`, ...env });
    const handle = sqsConsumer<Job>(
      async (job) => {
        await sleep(WORK_MS);
        // Wherever it runs: fresh work that waited past the deferral age runs in the low lane, and counts there.
        if (job.fresh) freshAges.push(Date.now() - job.sentAt);
      },
      { config, dynamoDBClient: db.client, sqs },
    );
    return (event: { Records: any[] }) => handle(event, lambdaContext(functionName));
  };
  const publisher = createPriorityPublisher(pattern, { sqs, env: { [priorityQueueVariable(pattern)]: JSON.stringify({ pattern, lanes }) } });

  // The backlog: queued before the pollers start, first enqueued a while ago (stamped as the publisher does).
  const queueUrl = aws.server.inspectQueue(lanes.high)!.url;
  const sentAt = Date.now() - BACKLOG_AGE_SECONDS * 1000;
  for (let i = 0; i < BACKLOG; i += 10) {
    const Entries = Array.from({ length: 10 }, (_, j) => ({
      Id: String(j),
      MessageBody: JSON.stringify({ id: `backlog-${i + j}`, fresh: false, sentAt } satisfies Job),
      MessageAttributes: { "bulkhead-enqueued-at": { DataType: "String", StringValue: String(sentAt) }, "bulkhead-key": { DataType: "String", StringValue: `backlog-${i + j}` } },
    }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }));
  }

  process.stderr.write(`priority spike, deferral ${deferral ? "on" : "off"}: ${BACKLOG} queued\n`);
  const started = performance.now();
  let stop = false;
  const poller = async (lane: "high" | "low") => {
    const invoke = consumer(lane);
    while (!stop) {
      const { received } = await pollOnce(sqs, lanes[lane], invoke);
      if (received === 0) await sleep(20);
    }
  };
  const pollers = [...Array.from({ length: HIGH_POLLERS }, () => poller("high")), ...Array.from({ length: LOW_POLLERS }, () => poller("low"))];
  for (let i = 0; i < FRESH; i++) {
    const id = `fresh-${i}`;
    await publisher.send({ id, fresh: true, sentAt: Date.now() } satisfies Job, { key: id });
    await sleep(FRESH_EVERY_MS);
  }
  const deadline = performance.now() + 240_000;
  while (freshAges.length < FRESH) {
    if (performance.now() > deadline) throw new Error(`deferral ${deferral ? "on" : "off"}: only ${freshAges.length} of ${FRESH} fresh messages processed in 240 s`);
    await sleep(20);
  }
  stop = true;
  await Promise.all(pollers);
  const low = aws.server.inspectQueue(lanes.low)!.messages;
  return { deferral, freshAgesMs: freshAges, wallMs: performance.now() - started, waitingInLow: low.ready.length + low.inflight.length + low.delayed.length };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface SurgeSwitch {
  readonly cacheMs: number;
  /** From the send that took the high lane over the threshold to the first send routed to surge. */
  readonly switchMs: number;
  readonly sends: number;
  readonly backlogReads: number;
}

const SURGE_THRESHOLD = 100;
const SURGE_CACHE_MS = 2_000;
const SURGE_SEND_EVERY_MS = 5;

/** How soon producers notice a backed-up high lane, and what the noticing costs per message. */
async function surgeSwitch(aws: LocalAws): Promise<SurgeSwitch> {
  const pattern = `surge-${randomUUID().slice(0, 6)}`;
  const lanes = { high: `${pattern}-high`, low: `${pattern}-low`, surge: `${pattern}-surge` };
  for (const name of Object.values(lanes)) aws.server.createQueue(name);
  const counted = aws.sqsClient();
  const env = { [priorityQueueVariable(pattern)]: JSON.stringify({ pattern, lanes, surgeWhenBacklogOver: SURGE_THRESHOLD }) };
  const publisher = createPriorityPublisher(pattern, { sqs: counted.client, env, backlogCacheMs: SURGE_CACHE_MS });
  let crossedAt: number | undefined;
  for (let sends = 1; ; sends++) {
    const { lane } = await publisher.send({ n: sends }, { key: `s${sends}` });
    if (lane === "high" && sends === SURGE_THRESHOLD + 1) crossedAt = performance.now();
    if (lane === "surge") {
      return { cacheMs: SURGE_CACHE_MS, switchMs: performance.now() - crossedAt!, sends, backlogReads: counted.calls("GetQueueAttributesCommand") };
    }
    await sleep(SURGE_SEND_EVERY_MS);
  }
}

/** Both runs, deferral off first (so a warm-up favours the run with deferral on less, not more). */
export async function runDeferralBench(): Promise<DeferralBench> {
  const [aws, db] = await Promise.all([startLocalAws(), startLocalDynamoDB()]);
  try {
    await db.createIdempotencyTable(TABLE);
    const off = await spike(aws, db, false);
    const on = await spike(aws, db, true);
    return { off, on, surge: await surgeSwitch(aws) };
  } finally {
    await Promise.all([aws.stop(), db.stop()]);
  }
}

export interface DeferralBench {
  readonly off: SpikeResult;
  readonly on: SpikeResult;
  readonly surge: SurgeSwitch;
}

export function formatDeferralBench({ off, on, surge }: DeferralBench): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const p99Ratio = percentile(off.freshAgesMs, 99) / percentile(on.freshAgesMs, 99);
  return [
    `priority queue spike: ${BACKLOG} queued high-lane messages, ${FRESH} fresh ones on top (one per ${FRESH_EVERY_MS} ms), ${WORK_MS} ms of work each,`,
    `  backlog first enqueued ${BACKLOG_AGE_SECONDS} s before the run, ${HIGH_POLLERS} high-lane pollers and ${LOW_POLLERS} low-lane poller, deferAfterSeconds ${DEFER_AFTER_SECONDS};`,
    `  age of fresh work when processed:`,
    `  deferral off   median ${s(median(off.freshAgesMs))}   p99 ${s(percentile(off.freshAgesMs, 99))}`,
    `  deferral on    median ${s(median(on.freshAgesMs))}   p99 ${s(percentile(on.freshAgesMs, 99))}   (${on.waitingInLow} deferred messages still waiting in the low lane at the end)`,
    `  p99 ratio off/on: ${p99Ratio.toFixed(1)}x (target: at least 5x) ${p99Ratio >= 5 ? "PASS" : "MISS"}`,
    `surge routing: threshold ${SURGE_THRESHOLD}, one send per ${SURGE_SEND_EVERY_MS} ms, backlog reading kept ${surge.cacheMs} ms:`,
    `  switched to the surge lane ${s(surge.switchMs)} after the high lane crossed the threshold; ${surge.backlogReads} GetQueueAttributes for ${surge.sends} sends (${(surge.backlogReads / surge.sends).toFixed(3)} per message)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runDeferralBench();
  console.log(formatDeferralBench(result).join("\n"));
}
