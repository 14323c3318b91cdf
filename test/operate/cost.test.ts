import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ASSUMPTIONS, IDEMPOTENCY_WRITES_PER_RECORD, RUNTIME_METRICS_PER_FUNCTION, SECONDS_PER_MONTH } from "../../operate/cost/assumptions.js";
import { estimate, type CostLine } from "../../operate/cost/estimate.js";
import { pricesFor, PRICE_KEYS } from "../../operate/cost/prices.js";
import { parseRates, scaleRates } from "../../operate/cost/rates.js";
import { patternViews } from "../../operate/model-view.js";
import { stackModel } from "../../operate/stack-model.js";
import { CONSUMER_METRICS } from "../../handlers/consuming/batch-metrics.js";
import { cli, EXAMPLE_SPEC, tempProject } from "../support/project.js";

/** One fan-out, one subscriber on x86_64 at 512 MB, tracing off: small enough to price by hand. */
const SMALL = `version: 1
service: shop
region: us-east-1
tracing: false
environments:
  dev: {}
defaults:
  function: { architecture: x86_64, memoryMb: 512 }
patterns:
  events:
    type: fanout
    subscribers:
      billing: { handler: handlers/a.ts }
`;

interface Report {
  total: { fixed: number; variable: number; total: number };
  lines: CostLine[];
  rates: { patterns: Record<string, number>; queues: Record<string, number> };
  growth: { factor: number; fixed: number; variable: number; total: number; dominant?: { kind: string } }[];
}

async function costJson(cwd: string, ...argv: string[]): Promise<Report> {
  const run = await cli(cwd, "cost", ...argv, "--json");
  if (run.code !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Report;
}

const line = (r: Report, kind: string, detail: RegExp = /./) => {
  const found = r.lines.filter((l) => l.kind === kind && detail.test(l.detail));
  if (found.length !== 1) throw new Error(`expected one ${kind} line matching ${detail}, found ${found.length}`);
  return found[0]!;
};

let small: string;
beforeAll(() => {
  small = tempProject(SMALL, ["handlers/a.ts"], "shop");
});

describe("bulkhead cost, checked by hand", () => {
  // A month is 730 h = 2,628,000 s; 10 events a second are 26,280,000 a month. Messages are 1,024 B,
  // each record takes 100 ms, every invocation logs 1,200 B. Prices: operate/cost/prices/us-east-1.json.
  const M = 2_628_000;
  const messages = 10 * M; // 26,280,000

  it("prices every line of a one-subscriber fan-out at 10 events a second", async () => {
    const r = await costJson(small, "--rate", "events=10/s");
    expect(SECONDS_PER_MONTH).toBe(M);

    // SNS: 26.28 M publishes of one 64 KiB chunk at $0.50 a million = $13.14.
    expect(line(r, "SNS publishes").quantity).toBe(26_280_000);
    expect(line(r, "SNS publishes").usd).toBeCloseTo(13.14, 9);
    // SQS, the delivery into the queue: 26.28 M requests at $0.40 a million = $10.512.
    expect(line(r, "SQS requests", /deliveries from SNS/).usd).toBeCloseTo(10.512, 9);
    // SQS, Lambda's side: a receive per 10 messages (10 × 1,024 B is one chunk) and a batched delete per 10:
    // 2.628 M + 2.628 M = 5.256 M requests × $0.40 / M = $2.1024.
    expect(line(r, "SQS requests", /receives of 10/).quantity).toBe(5_256_000);
    expect(line(r, "SQS requests", /receives of 10/).usd).toBeCloseTo(2.1024, 9);
    // Lambda: one invocation per batch of 10, 2.628 M × $0.20 / M = $0.5256.
    expect(line(r, "Lambda requests").usd).toBeCloseTo(0.5256, 9);
    // x86_64 GB-s: 26.28 M records × 0.1 s × 0.5 GB = 1,314,000 GB-s × $0.0000166667 = $21.9000438.
    expect(line(r, "Lambda GB-seconds (x86_64)").quantity).toBeCloseTo(1_314_000, 6);
    expect(line(r, "Lambda GB-seconds (x86_64)").usd).toBeCloseTo(21.9000438, 6);
    // Idempotency: 2 write units a record (INPROGRESS put, COMPLETED update): 52.56 M × $0.625 / M = $32.85.
    expect(line(r, "DynamoDB writes").usd).toBeCloseTo(32.85, 9);
    // Items held: 10/s × the TTL of 18 days (4 d queue + 14 d DLQ retention) = 1,555,200 s → 15,552,000
    // items × 300 B = 4,665,600,000 B = 4.3452 GiB: × $0.25 = $1.0863 storage, × $0.20 = $0.8690 PITR.
    const gib = (10 * 1_555_200 * 300) / 1024 ** 3;
    expect(line(r, "DynamoDB storage").quantity).toBeCloseTo(gib, 9);
    expect(line(r, "DynamoDB storage").usd).toBeCloseTo(gib * 0.25, 9);
    expect(line(r, "DynamoDB backups (PITR)").usd).toBeCloseTo(gib * 0.2, 9);
    // Logs: 2.628 M invocations × 1,200 B = 3,153,600,000 B = 2.9370 GiB × $0.50 = $1.4685; kept 30 days:
    // 2.9370 × (30 × 86,400 / 2,628,000) = 2.8968 GiB-months × $0.03 = $0.0869.
    const logs = (2_628_000 * 1200) / 1024 ** 3;
    expect(line(r, "CloudWatch Logs ingestion").usd).toBeCloseTo(logs * 0.5, 9);
    expect(line(r, "CloudWatch Logs storage").usd).toBeCloseTo(((logs * 30 * 86_400) / M) * 0.03, 9);

    // Fixed: 5 alarms (queue age, DLQ depth, Errors, Throttles, the runtime's failed) × $0.10 = $0.50;
    // 5 idle pollers × 2,628,000 s / 20 s = 657,000 empty receives × $0.40 / M = $0.2628;
    // 7 EMF metrics × $0.30 = $2.10; one dashboard × $3.
    expect(line(r, "CloudWatch alarms").quantity).toBe(5);
    expect(line(r, "CloudWatch alarms").usd).toBeCloseTo(0.5, 9);
    expect(line(r, "SQS requests", /empty receives/).quantity).toBe(657_000);
    expect(line(r, "SQS requests", /empty receives/).usd).toBeCloseTo(0.2628, 9);
    expect(line(r, "CloudWatch custom metrics").usd).toBeCloseTo(2.1, 9);
    expect(line(r, "CloudWatch dashboards").usd).toBe(3);

    // Tracing is off in this spec: no X-Ray line. Nothing else is priced.
    expect(r.lines.map((l) => l.kind).sort()).toEqual(
      [
        "CloudWatch Logs ingestion",
        "CloudWatch Logs storage",
        "CloudWatch alarms",
        "CloudWatch custom metrics",
        "CloudWatch dashboards",
        "DynamoDB backups (PITR)",
        "DynamoDB storage",
        "DynamoDB writes",
        "Lambda GB-seconds (x86_64)",
        "Lambda requests",
        "SNS publishes",
        "SQS requests",
        "SQS requests",
        "SQS requests",
      ].sort(),
    );
    // Fixed $0.50 + $0.2628 + $2.10 + $3 = $5.8628.
    expect(r.total.fixed).toBeCloseTo(5.8628, 9);
    const variable = 13.14 + 10.512 + 2.1024 + 0.5256 + 21.9000438 + 32.85 + gib * 0.45 + logs * 0.5 + ((logs * 30 * 86_400) / M) * 0.03;
    expect(r.total.variable).toBeCloseTo(variable, 6);
    expect(messages).toBe(26_280_000);
  });

  it("counts X-Ray traces when the model traces: 5% of invocations at $5 a million", async () => {
    const root = tempProject(SMALL.replace("tracing: false\n", ""), ["handlers/a.ts"], "shop");
    const r = await costJson(root, "--rate", "events=10/s");
    // 2.628 M invocations × 0.05 = 131,400 traces × $5 / M = $0.657. The topic's publishes join their publisher's traces.
    expect(line(r, "X-Ray traces").quantity).toBeCloseTo(131_400, 6);
    expect(line(r, "X-Ray traces").usd).toBeCloseTo(0.657, 9);
  });

  it("prices claim checks: the pointer travels, the body is PUT once, read per delivery and kept by the lifecycle", async () => {
    const spec = SMALL.replace("    type: fanout\n", "    type: fanout\n    maxPayloadBytes: 1048576\n");
    const root = tempProject(spec, ["handlers/a.ts"], "shop");
    const model = stackModel("services/shop/service.yaml", root);
    expect(model.claimChecks.map((c) => c.pattern)).toEqual(["events"]);
    const r = await costJson(root, "--rate", "events=1/s", "--message-bytes", "500000");
    // 1 event a second = 2,628,000 a month: PUTs × $0.005 / 1,000 = $13.14; GETs × $0.0004 / 1,000 = $1.0512.
    expect(line(r, "S3 requests", /PUT/).usd).toBeCloseTo(13.14, 9);
    expect(line(r, "S3 requests", /GET/).usd).toBeCloseTo(1.0512, 9);
    // Kept 19 days (4 + 14 days of queue and DLQ retention, one for S3's rounding) = 1,641,600 s:
    // 1 × 1,641,600 × 500,000 B = 764.4 GiB-months × $0.023 = $17.58.
    const stored = (1_641_600 * 500_000) / 1024 ** 3;
    expect(line(r, "S3 storage").quantity).toBeCloseTo(stored, 9);
    expect(line(r, "S3 storage").usd).toBeCloseTo(stored * 0.023, 9);
    // The 500 kB body never crosses SNS or SQS: the 256-byte pointer is one request each.
    expect(line(r, "SNS publishes").usd).toBeCloseTo(2.628 * 0.5, 9);
  });
});

describe("how the estimate scales", () => {
  const rates = ["ingest=7/s", "order-events=6/s", "order-events.billing=3.5/s", "notifications=4/s", "notifications.low=1.5/s", "merchant-reports=12/s", "merchant-reports.acme=5/s"];

  it("doubling every rate doubles every variable line exactly and leaves the fixed ones", () => {
    const model = stackModel(EXAMPLE_SPEC, process.cwd(), "prod");
    const prices = pricesFor(model.region);
    const once = parseRates(rates, patternViews(model));
    const a = estimate(model, prices, once, DEFAULT_ASSUMPTIONS);
    const b = estimate(model, prices, scaleRates(once, 2), DEFAULT_ASSUMPTIONS);
    expect(b.lines.length).toBe(a.lines.length);
    a.lines.forEach((l, i) => {
      const d = b.lines[i]!;
      expect([d.kind, d.detail]).toEqual([l.kind, l.detail]);
      expect(d.usd, `${l.kind}: ${l.detail}`).toBe(l.scaling === "variable" ? 2 * l.usd : l.usd);
    });
    const sum = (lines: readonly CostLine[], scaling: string) => lines.filter((l) => l.scaling === scaling).reduce((s, l) => s + l.usd, 0);
    expect(sum(b.lines, "variable")).toBe(2 * sum(a.lines, "variable"));
    expect(sum(b.lines, "fixed")).toBe(sum(a.lines, "fixed"));
    expect(sum(a.lines, "variable")).toBeGreaterThan(0);
  });

  it("the report's 1×, 10×, 100× rows grow the variable part by 10 and 100 and name the largest line", async () => {
    const r = await costJson(process.cwd(), EXAMPLE_SPEC, ...rates.flatMap((x) => ["--rate", x]));
    const [one, ten, hundred] = r.growth;
    expect(r.growth.map((g) => g.factor)).toEqual([1, 10, 100]);
    expect(ten!.fixed).toBe(one!.fixed);
    expect(ten!.variable / one!.variable).toBeCloseTo(10, 9);
    expect(hundred!.variable / one!.variable).toBeCloseTo(100, 9);
    expect(one!.dominant?.kind).toBe("DynamoDB writes");
  });

  it("splits rates as it says: subscribers get every event unless told, lanes and silos share the pattern's", async () => {
    const r = await costJson(process.cwd(), EXAMPLE_SPEC, ...rates.flatMap((x) => ["--rate", x]));
    const q = r.rates.queues;
    expect(q["orders-dev-order-events-billing"]).toBe(3.5);
    expect(q["orders-dev-order-events-shipping"]).toBe(6);
    expect([q["orders-dev-notifications-high"], q["orders-dev-notifications-low"], q["orders-dev-notifications-surge"]]).toEqual([2.5, 1.5, 0]);
    expect(q["orders-dev-merchant-reports-acme"]).toBe(5);
    expect(q["orders-dev-merchant-reports-globex"]).toBeCloseTo(7 / 11, 12);
    expect(q["orders-dev-ingest-0"]).toBe(7 / 8);
    // No rate: only what the pattern costs idle.
    const idle = await costJson(process.cwd(), EXAMPLE_SPEC);
    expect(idle.total.variable).toBe(0);
    expect(idle.total.fixed).toBeGreaterThan(0);
  });
});

describe("what the cost command refuses", () => {
  it("an unknown pattern, naming the spec's patterns", async () => {
    const run = await cli(process.cwd(), "cost", EXAMPLE_SPEC, "--rate", "orders=5/s");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--rate orders=5/s: unknown pattern "orders"; this spec\'s patterns are ingest, order-events, notifications, merchant-reports');
  });

  it("an unknown subscriber, lane or tenant, and a malformed or impossible rate", async () => {
    const cases: [string[], string][] = [
      [["--rate", "order-events.invoicing=1/s"], 'order-events has no subscriber "invoicing"; its subscribers are billing, shipping, audit'],
      [["--rate", "notifications.urgent=1/s"], 'notifications has no lane "urgent"; its lanes are low, surge'],
      [["--rate", "ingest.acme=1/s"], "ingest (shuffle-sharded-queue) takes one rate for the whole pattern"],
      [["--rate", "ingest=fast"], '"fast" is not a rate'],
      [["--rate", "ingest"], "expected PATTERN=N/s"],
      [["--rate", "order-events=1/s", "--rate", "order-events.billing=2/s"], "a subscriber receives at most the events published"],
      [["--rate", "notifications=1/s", "--rate", "notifications.low=2/s"], "add up to more than the pattern's 1/s"],
      [["--rate", "ingest=1/s", "--duration-ms", "-3"], "--duration-ms -3: expected a number from 1 up"],
    ];
    for (const [args, message] of cases) {
      const run = await cli(process.cwd(), "cost", EXAMPLE_SPEC, ...args);
      expect(run.code, args.join(" ")).toBe(1);
      expect(run.stderr, args.join(" ")).toContain(message);
    }
  });

  it("a region it has no prices for", async () => {
    const root = tempProject(SMALL.replace("region: us-east-1", "region: eu-west-1"), ["handlers/a.ts"], "shop");
    const run = await cli(root, "cost", "--rate", "events=1/s");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no price table for region eu-west-1: operate/cost/prices/ has us-east-1");
  });
});

describe("the figures the estimate rests on", () => {
  it("the price table is dated, complete and names its sources per service", () => {
    const table = JSON.parse(readFileSync("operate/cost/prices/us-east-1.json", "utf8"));
    expect(table.compiled).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const key of PRICE_KEYS) expect(typeof table.prices[key], key).toBe("number");
    for (const service of new Set(PRICE_KEYS.map((k) => k.split(".")[0]!))) expect(table.sources[service]?.length, service).toBeGreaterThan(0);
  });

  it("the runtime emits as many EMF metrics per consumer as the estimate counts", () => {
    expect(Object.keys(CONSUMER_METRICS)).toHaveLength(RUNTIME_METRICS_PER_FUNCTION);
  });

  it("Powertools makes two writes and no read for a new record, as the runtime configures it", async () => {
    const calls: string[] = [];
    const client = new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    client.middlewareStack.add(
      (_next, context) => async () => {
        calls.push(String(context.commandName));
        return { output: { $metadata: {} }, response: {} } as never;
      },
      { step: "initialize" },
    );
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName: "t", keyAttr: "id", expiryAttr: "expiration", awsSdkV3Client: client });
    const lambdaContext = { getRemainingTimeInMillis: () => 30_000 } as Context;
    const config = new IdempotencyConfig({ eventKeyJmesPath: "payload | id", payloadValidationJmesPath: "payload", throwOnNoIdempotencyKey: true, expiresAfterSeconds: 3600, lambdaContext });
    const once = makeIdempotent(async (_input: { defaultKey: string; payload: unknown }) => ({ ok: true }), { persistenceStore, config, keyPrefix: "fn" });
    await once({ defaultKey: "m-1", payload: { id: "order-1" } });
    expect(calls).toEqual(["PutItemCommand", "UpdateItemCommand"]);
    expect(calls).toHaveLength(IDEMPOTENCY_WRITES_PER_RECORD);
  });

  it("says what it assumes and what it leaves out", async () => {
    const run = await cli(process.cwd(), "cost", EXAMPLE_SPEC, "--rate", "ingest=5/s");
    expect(run.code).toBe(0);
    for (const text of ["compiled 2026-12-02", "a record takes 100 ms (--duration-ms, default)", "5 pollers per event source mapping", "not included:", "free tiers", "data transfer", "KMS requests", "dominates at the given rates"]) {
      expect(run.stdout).toContain(text);
    }
  });
});
