import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { parse, stringify } from "yaml";
import { SUBSCRIBER_KEYS, type FanoutCase, type Subscriber } from "./fanout-case.js";

/** One benchmarked input: spec files for bulkhead, and the same fan-out for the baseline. */
export interface BenchCase {
  readonly label: string;
  /** Short and unique, for folder names. */
  readonly slug: string;
  readonly projectRoot: string;
  /** Relative to projectRoot, as `bulkhead synth` takes them. */
  readonly specFiles: readonly string[];
  readonly fanout: FanoutCase;
}

/** The repository's example, as `npx bulkhead synth` sees it on a fresh clone. */
export function exampleCase(repoRoot: string): BenchCase {
  const specFile = "services/orders/service.yaml";
  const fanout = fanoutFromSpec(repoRoot, specFile);
  return { label: `example (${describe(fanout)})`, slug: "example", projectRoot: repoRoot, specFiles: [specFile], fanout };
}

const DOMAINS = ["billing", "shipping", "inventory", "loyalty", "fraud", "search", "email", "analytics", "crm", "ledger"];
const ACTIONS = ["sync", "notify", "index", "archive", "score"];
const EVENT_TYPES = ["OrderPlaced", "OrderCancelled", "OrderShipped", "PaymentCaptured", "RefundIssued", "CustomerUpdated"];

/**
 * Writes a project with one fan-out of 50 subscribers and a trivial handler each. The
 * settings vary the way a real service's do (filters on attributes and on the body,
 * idempotency keys, batching, reserved or capped concurrency, bigger functions, tuned
 * queues) so neither side gets to synthesize 50 copies of the same thing.
 */
export function fiftySubscriberCase(projectRoot: string): BenchCase {
  const subscribers: Record<string, Record<string, unknown>> = {};
  DOMAINS.flatMap((domain) => ACTIONS.map((action) => `${domain}-${action}`)).forEach((name, i) => {
    subscribers[name] = subscriberSettings(name, i);
    writeHandler(join(projectRoot, "services", "shop", "handlers", `${name}.ts`), name);
  });
  const spec = {
    version: 1,
    service: "shop",
    region: "us-east-1",
    environments: { dev: {}, prod: { accountConcurrency: 1000 } },
    defaults: { function: { runtime: "nodejs22.x", architecture: "arm64", memoryMb: 256, timeoutSeconds: 30 } },
    patterns: { "domain-events": { type: "fanout", subscribers } },
  };
  const specFile = "services/shop/service.yaml";
  writeFileSync(join(projectRoot, specFile), stringify(spec));
  const fanout = fanoutFromSpec(projectRoot, specFile);
  return { label: describe(fanout), slug: "fifty", projectRoot, specFiles: [specFile], fanout };
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

function writeHandler(file: string, name: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `export const handler = async (event: { Records: unknown[] }) => {\n  console.log(${JSON.stringify(name)}, event.Records.length);\n  return { batchItemFailures: [] };\n};\n`,
  );
}

/**
 * The fan-out of a spec in the baseline's terms: the spec's own values, nothing
 * resolved. Refuses what the hand-written baseline does not model, so a richer
 * example fails loudly here instead of comparing different infrastructure.
 */
function fanoutFromSpec(projectRoot: string, specFile: string): FanoutCase {
  const spec = parse(readFileSync(join(projectRoot, specFile), "utf8"));
  const patterns = Object.entries(spec.patterns ?? {}) as [string, Record<string, unknown>][];
  const unsupported = [
    patterns.length !== 1 || patterns[0]![1].type !== "fanout" ? "patterns other than one fan-out" : "",
    patterns[0]?.[1].fifo ? "a FIFO topic" : "",
    spec.backend ? "an S3 backend" : "",
    Object.values(spec.environments as Record<string, object>).some((env) => "region" in env) ? "per-environment regions" : "",
    ...Object.values((patterns[0]?.[1].subscribers ?? {}) as Record<string, object>).flatMap((s) => Object.keys(s).filter((k) => !SUBSCRIBER_KEYS.has(k))),
  ].filter(Boolean);
  if (unsupported.length > 0) throw new Error(`${specFile} uses ${[...new Set(unsupported)].join(", ")}, which the hand-written baseline does not model`);
  const [topic, fanoutSpec] = patterns[0]!;
  return {
    projectRoot,
    specDir: relative(projectRoot, dirname(join(projectRoot, specFile))).split(sep).join("/"),
    service: spec.service,
    region: spec.region,
    environments: Object.keys(spec.environments),
    topic,
    defaults: spec.defaults ?? {},
    subscribers: fanoutSpec.subscribers as Record<string, Subscriber>,
  };
}

function describe(fanout: FanoutCase): string {
  const count = Object.keys(fanout.subscribers).length;
  return `${count} subscribers x ${fanout.environments.length} envs`;
}
