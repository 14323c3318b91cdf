import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { ProgramFailed } from "./measure/run-program.js";
import type { ServiceCase } from "./service-case.js";
import { describeService, serviceFromSpec } from "./service-from-spec.js";

/** One benchmarked input: spec files for bulkhead, and the same service for the baseline. */
export interface BenchCase {
  readonly label: string;
  /** Short and unique, for folder names. */
  readonly slug: string;
  readonly projectRoot: string;
  /** Relative to projectRoot, as `bulkhead synth` takes them. */
  readonly specFiles: readonly string[];
  readonly service: ServiceCase;
  /**
   * Census keys (see same-resources.ts) the case exists to exercise: if bulkhead stops
   * emitting them, the case no longer measures what its label says.
   */
  readonly mustEmit: readonly string[];
}

/** The repository's example, as `npx bulkhead synth` sees it on a fresh clone. */
export function exampleCase(repoRoot: string): BenchCase {
  const specFile = "services/orders/service.yaml";
  const service = serviceFromSpec(repoRoot, specFile);
  return { label: `example: ${describeService(service)}`, slug: "example", projectRoot: repoRoot, specFiles: [specFile], service, mustEmit: [] };
}

const DOMAINS = ["billing", "shipping", "inventory", "loyalty", "fraud", "search", "email", "analytics", "crm", "ledger"];
const ACTIONS = ["sync", "notify", "index", "archive", "score", "audit", "export", "enrich", "match", "queue", "report", "verify", "tag", "price", "route", "settle", "retry", "merge", "track", "alert"];
const EVENT_TYPES = ["OrderPlaced", "OrderCancelled", "OrderShipped", "PaymentCaptured", "RefundIssued", "CustomerUpdated"];

/**
 * Writes a project with one fan-out of `count` subscribers (at most 200), each with its
 * own handler file, so that both sides bundle `count` distinct handlers. The settings vary
 * the way a real service's do (filters on attributes and on the body, idempotency keys,
 * batching, reserved or capped concurrency, bigger functions, an older runtime, tuned
 * queues) so neither side gets to synthesize copies of the same thing.
 */
export function fanoutCase(projectRoot: string, count: number): BenchCase {
  const names = DOMAINS.flatMap((domain) => ACTIONS.map((action) => `${domain}-${action}`));
  if (count > names.length) throw new Error(`fanoutCase: at most ${names.length} subscribers`);
  const subscribers: Record<string, Record<string, unknown>> = {};
  names.slice(0, count).forEach((name, i) => {
    subscribers[name] = subscriberSettings(name, i);
    writeHandler(join(projectRoot, "services", "shop", "handlers", `${name}.ts`), name);
  });
  const spec = {
    version: 1,
    service: "shop",
    region: "us-east-1",
    // Room for every subscriber's mapping cap and reservation (guardrail consumer-concurrency-within-account).
    environments: { dev: {}, prod: { accountConcurrency: 10 * count } },
    defaults: { function: { runtime: "nodejs22.x", architecture: "arm64", memoryMb: 256, timeoutSeconds: 30 } },
    patterns: { "domain-events": { type: "fanout", subscribers } },
  };
  const specFile = "services/shop/service.yaml";
  writeFileSync(join(projectRoot, specFile), stringify(spec));
  const service = serviceFromSpec(projectRoot, specFile);
  return { label: `${describeService(service)}, ${count} handler files`, slug: `fanout${count}`, projectRoot, specFiles: [specFile], service, mustEmit: [] };
}

/**
 * Writes a project with one shuffle-sharded queue of 64 shards, 4 per tenant, and 1,000
 * tenants, and assigns their shards with `bulkhead shards assign` (the compiled CLI at
 * `cli`), untimed, as a team does before it synthesizes. The routing table (about 30 KB)
 * is too large for SSM, so this case publishes it to S3.
 */
export function sixtyFourShardCase(projectRoot: string, cli: string): BenchCase {
  writeHandler(join(projectRoot, "services", "imports", "handlers", "ingest.ts"), "ingest");
  const spec = {
    version: 1,
    service: "imports",
    region: "us-east-1",
    environments: { dev: {}, prod: { accountConcurrency: 1000 } },
    tenants: Array.from({ length: 1000 }, (_, i) => `tenant-${String(i).padStart(4, "0")}`),
    patterns: {
      ingest: {
        type: "shuffle-sharded-queue",
        shards: 64,
        shardsPerTenant: 4,
        consumer: { handler: "handlers/ingest.ts", idempotencyKey: "[tenantId, importId]", maxConcurrencyPerShard: 3 },
      },
    },
  };
  const specFile = "services/imports/service.yaml";
  writeFileSync(join(projectRoot, specFile), stringify(spec));
  assignShards(cli, projectRoot, specFile);
  const service = serviceFromSpec(projectRoot, specFile);
  return { label: `${describeService(service)}, table in S3`, slug: "shards64", projectRoot, specFiles: [specFile], service, mustEmit: ["resource aws_s3_object"] };
}

function assignShards(cli: string, projectRoot: string, specFile: string): void {
  const run = spawnSync(process.execPath, [cli, "shards", "assign", specFile], { cwd: projectRoot, encoding: "utf8" });
  if (run.status !== 0) throw new ProgramFailed(`bulkhead shards assign ${specFile} failed:\n${run.stdout}${run.stderr}`);
}

function subscriberSettings(name: string, i: number): Record<string, unknown> {
  const s: Record<string, unknown> = { handler: `handlers/${name}.ts` };
  if (i % 7 === 3) Object.assign(s, { filter: { amountCents: [{ numeric: [">=", 10_000] }] }, filterScope: "body" });
  else if (i % 5 !== 4) s.filter = { eventType: EVENT_TYPES.slice(i % 6, (i % 6) + 1 + (i % 3)) };
  if (i % 3 === 0) s.idempotencyKey = i % 2 === 0 ? "orderId" : "[orderId, eventType]";
  if (i % 8 === 2) s.rawMessageDelivery = false;
  // More than 10 records per batch needs a batching window (guardrail batch-size).
  if (i % 6 === 5) Object.assign(s, { batchSize: 50, batchingWindowSeconds: 10 });
  if (i % 10 === 0) s.reservedConcurrency = 10;
  else if (i % 4 === 1) s.maxConcurrency = 2 + (i % 9) * 2;
  if (i % 4 === 2) s.function = { memoryMb: [512, 1024, 128][i % 3], timeoutSeconds: [10, 60, 120][i % 3] };
  if (i % 9 === 4) s.function = { runtime: "nodejs20.x", logRetentionDays: 90 };
  if (i % 5 === 1) s.queue = { maxReceiveCount: 3 + (i % 6), oldestMessageAlarmSeconds: 900 };
  return s;
}

export function writeHandler(file: string, name: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `export const handler = async (event: { Records: unknown[] }) => {\n  console.log(${JSON.stringify(name)}, event.Records.length);\n  return { batchItemFailures: [] };\n};\n`,
  );
}
