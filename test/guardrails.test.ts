import { describe, expect, it } from "vitest";
import { guardrails } from "../patterns/guardrails/index.js";
import type { Rule } from "../patterns/guardrails/rule.js";
import { resolveService } from "../patterns/model/resolve-service.js";
import type { FunctionModel, QueueModel, ServiceModel } from "../patterns/model/types.js";
import { assignTenants } from "../patterns/shuffle-sharded-queue/assignment.js";
import { loadSpec, parseSpec } from "../patterns/spec/load.js";

const { spec } = loadSpec("services/orders/service.yaml");
const base = resolveService(spec, "prod", { specDir: "services/orders" });

const rule = (name: string) => guardrails.find((r) => r.name === name)!;

/** A model from spec text (handlers need not exist: rules never read them). */
const modelOf = (yaml: string, environment = "dev"): ServiceModel =>
  resolveService(parseSpec("service.yaml", yaml).spec, environment, { specDir: "services/shop" });

const HEADER = "version: 1\nservice: shop\nregion: us-east-1\nenvironments:\n  dev: {}\n";
const shardedModel = (shards: number, consumer = "") =>
  modelOf(`${HEADER}tenants: [acme]
patterns:
  ingest:
    type: shuffle-sharded-queue
    shards: ${shards}
    shardsPerTenant: 2
    consumer: { handler: handlers/ingest.ts${consumer} }
`);

const withFunction = (m: ServiceModel, change: (f: FunctionModel) => Partial<FunctionModel>): ServiceModel => ({
  ...m,
  functions: m.functions.map((f, i) => (i === 0 ? { ...f, ...change(f) } : f)),
});
const withQueue = (m: ServiceModel, change: (q: QueueModel) => Partial<QueueModel>): ServiceModel => ({
  ...m,
  queues: m.queues.map((q, i) => (i === 0 ? { ...q, ...change(q) } : q)),
});
const fifoEverywhere = (m: ServiceModel): ServiceModel => ({
  ...m,
  topics: m.topics.map((t) => ({ ...t, fifo: true, name: `${t.name}.fifo` })),
  queues: m.queues.map((q) => ({ ...q, fifo: true, name: `${q.name}.fifo`, deadLetterQueue: q.deadLetterQueue && { ...q.deadLetterQueue, name: `${q.deadLetterQueue.name}.fifo` } })),
  functions: m.functions.map((f) => ({ ...f, eventSources: f.eventSources.map((e) => ({ ...e, batchSize: 10, maximumBatchingWindowSeconds: 0 })) })),
});

/** For every rule, a change to the example's model that must make it fire. */
const violations: Record<string, (m: ServiceModel) => ServiceModel> = {
  "alarm-topic-region": (m) => ({ ...m, alarmActions: ["arn:aws:sns:eu-west-1:123456789012:platform-alarms"] }),
  "account-concurrency-budget": (m) => withFunction({ ...m, accountConcurrency: 120 }, () => ({ reservedConcurrency: 21 })),
  "consumer-concurrency-bounded": (m) =>
    withFunction(m, (f) => ({ reservedConcurrency: undefined, eventSources: f.eventSources.map((e) => ({ ...e, maximumConcurrency: undefined })) })),
  "consumer-concurrency-within-account": (m) => ({ ...m, accountConcurrency: 150 }),
  "mapping-cap-within-reserved": (m) => withFunction(m, () => ({ reservedConcurrency: 4 })),
  "consumer-idempotent": (m) => withFunction(m, () => ({ idempotency: undefined })),
  "function-timeout": (m) => withFunction(m, () => ({ timeoutSeconds: 901 })),
  "idempotency-window": (m) => withFunction(m, (f) => ({ idempotency: { ...f.idempotency!, ttlSeconds: 3600 } })),
  "visibility-timeout": (m) => withQueue(m, (q) => ({ visibilityTimeoutSeconds: q.visibilityTimeoutSeconds - 1 })),
  "queue-dead-letter": (m) => withQueue(m, () => ({ deadLetterQueue: undefined })),
  "dead-letter-retention": (m) => withQueue(m, () => ({ messageRetentionSeconds: 14 * 24 * 3600 })),
  "subscription-dead-letter": (m) => ({ ...m, subscriptions: m.subscriptions.map((s, i) => (i === 0 ? { ...s, deadLetterQueue: undefined } : s)) }),
  "max-receive-count": (m) => withQueue(m, () => ({ maxReceiveCount: 1 })),
  "fifo-naming": (m) => withQueue(fifoEverywhere(m), (q) => ({ name: q.name.replace(/\.fifo$/, "") })),
  "fifo-batching": (m) => withFunction(fifoEverywhere(m), (f) => ({ eventSources: f.eventSources.map((e) => ({ ...e, batchSize: 11 })) })),
  "fifo-topic-subscribers": (m) => ({ ...m, topics: m.topics.map((t) => ({ ...t, fifo: true, name: `${t.name}.fifo` })) }),
  "batch-size": (m) => withFunction(m, (f) => ({ eventSources: f.eventSources.map((e) => ({ ...e, batchSize: 11, maximumBatchingWindowSeconds: 0 })) })),
  "payload-size": (m) => ({ ...m, topics: m.topics.map((t) => ({ ...t, maxPayloadBytes: 3 * 2 ** 30 })) }),
  "priority-lanes-one-key": (m) => ({
    ...m,
    functions: m.functions.map((f) => (f.name.endsWith("-notifications-low") ? { ...f, idempotency: { ...f.idempotency!, keyExpression: "orderId" } } : f)),
  }),
  "priority-age-limits": (m) => ({
    ...m,
    queues: m.queues.map((q) => (q.priorityLane ? { ...q, priorityLane: { ...q.priorityLane, expireAfterSeconds: q.messageRetentionSeconds + 1 } } : q)),
  }),
  "iam-no-wildcard-action": (m) => withFunction(m, (f) => ({ statements: [...f.statements, { sid: "Oops", actions: ["sqs:*"], resources: [{ kind: "queue", id: "x" }] }] })),
  "iam-no-wildcard-resource": (m) => withFunction(m, (f) => ({ statements: [...f.statements, { sid: "Oops", actions: ["sqs:SendMessage"], resources: ["*"] }] })),
  "iam-unique-sids": (m) => withFunction(m, (f) => ({ statements: [...f.statements, f.statements[0]!] })),
  "iam-policy-size": () => shardedModel(256),
  "queue-policy-size": (m) => ({ ...m, queues: m.queues.map((q) => (q.access?.tenants ? { ...q, access: { ...q.access, tenants: Array.from({ length: 600 }, (_, i) => `merchant-${i}`) } } : q)) }),
  "name-collision": (m) => withFunction(m, () => ({ name: m.functions[1]!.name })),
  "no-self-feeding-consumer": (m) => withFunction(m, (f) => ({ feeds: [f.eventSources[0]!.queue] })),
  "send-targets": (m) => withFunction(m, () => ({ sendsTo: ["nowhere"] })),
  "tenant-queue-senders": (m) => ({ ...m, queues: m.queues.map((q) => (q.access?.tenants ? { ...q, access: undefined } : q)) }),
  "redrive-operators": (m) => ({ ...m, queues: m.queues.map((q) => (q.access ? { ...q, access: { ...q.access, trusted: q.access.trusted.filter((p) => typeof p !== "string") } } : q)) }),
  "topic-policy-size": (m) => ({ ...m, topics: m.topics.map((t) => ({ ...t, access: { ...t.access, trusted: Array.from({ length: 500 }, (_, i) => `arn:aws:iam::123456789012:role/publisher-${i}`) } })) }),
  "topic-publishers": (m) => ({ ...m, topics: m.topics.map((t) => ({ ...t, access: { ...t.access, trusted: [] } })) }),
};

describe("guardrails", () => {
  it("every rule has a violation case, and names are unique", () => {
    expect(Object.keys(violations).sort()).toEqual(guardrails.map((r) => r.name).sort());
  });

  it.each(guardrails.map((r) => [r.name, r] as [string, Rule]))("%s is quiet on the example service", (_, rule) => {
    expect(rule.check(base)).toEqual([]);
  });

  it.each(guardrails.map((r) => [r.name, r] as [string, Rule]))("%s fires on its violation", (name, rule) => {
    const findings = rule.check(violations[name]!(base));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.rule).toBe(name);
      // At the spec entry, at the `defaults` key the setting is inherited from, or at the environment.
      expect(["patterns", "defaults", "environments"]).toContain(f.path[0]);
      expect(f.message.length).toBeGreaterThan(10);
    }
  });

  it("a FIFO model with the right names and batches passes the FIFO rules", () => {
    const fifo = fifoEverywhere(base);
    for (const name of ["fifo-naming", "fifo-batching", "fifo-topic-subscribers"]) {
      expect(guardrails.find((r) => r.name === name)!.check(fifo)).toEqual([]);
    }
  });

  it("consumesOwnOutput lets a function consume a queue it feeds", () => {
    const loop = violations["no-self-feeding-consumer"]!(base);
    const allowed = withFunction(loop, () => ({ allowSelfFeed: true }));
    expect(guardrails.find((r) => r.name === "no-self-feeding-consumer")!.check(allowed)).toEqual([]);
  });

  it("the budget counts every reserving function against accountConcurrency minus 100", () => {
    const rule = guardrails.find((r) => r.name === "account-concurrency-budget")!;
    const reserved = base.functions.reduce((s, f) => s + (f.reservedConcurrency ?? 0), 0);
    expect(rule.check({ ...base, accountConcurrency: reserved + 100 })).toEqual([]);
    expect(rule.check({ ...base, accountConcurrency: reserved + 99 })).toHaveLength(1);
  });
});

describe("concurrency against reserved and account limits", () => {
  it("a reserving function's mapping cap defaults to its reservation, at most 1000", () => {
    const billing = base.functions.find((f) => f.id === "order-events-billing")!;
    expect(billing.reservedConcurrency).toBe(20);
    expect(billing.eventSources.map((e) => e.maximumConcurrency)).toEqual([20]);
    const big = modelOf(`${HEADER}patterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts, reservedConcurrency: 1500 }\n`, "dev");
    expect(big.functions[0]!.eventSources[0]!.maximumConcurrency).toBe(1000);
  });

  it("a mapping cap above the reservation is reported where maxConcurrency is written", () => {
    const m = modelOf(`${HEADER}patterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts, reservedConcurrency: 5, maxConcurrency: 10 }\n`);
    expect(rule("mapping-cap-within-reserved").check(m)).toEqual([
      expect.objectContaining({ path: ["patterns", "events", "subscribers", "a", "maxConcurrency"], message: expect.stringMatching(/^must be at most the function's reservedConcurrency \(5\), got 10/) }),
    ]);
    const within = modelOf(`${HEADER}patterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts, reservedConcurrency: 10, maxConcurrency: 10 }\n`);
    expect(rule("mapping-cap-within-reserved").check(within)).toEqual([]);
  });

  it("a sharded consumer's caps add up against the unreserved pool", () => {
    const check = rule("consumer-concurrency-within-account").check;
    expect(check(shardedModel(180))).toEqual([]); // 180 x 5 = 900 = 1000 - 100
    const findings = check(shardedModel(256));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.path).toEqual(["patterns", "ingest", "consumer"]);
    expect(findings[0]!.message).toBe(
      "shop-dev-ingest may run 1280 at once (256 event sources x 5), above the 900 left unreserved in dev " +
        "(accountConcurrency 1000 - 100 kept unreserved - 0 reserved in the stack); lower the cap or the shard count",
    );
  });

  it("reserved concurrency elsewhere in the stack shrinks the pool", () => {
    const check = rule("consumer-concurrency-within-account").check;
    const ingest = base.functions.find((f) => f.id === "ingest")!;
    const demand = ingest.eventSources.length * 5;
    // billing's 20 and the merchant silos' 11 x 2 + 5
    const reserved = base.functions.reduce((sum, f) => sum + (f.reservedConcurrency ?? 0), 0);
    expect(reserved).toBe(47);
    expect(check({ ...base, accountConcurrency: 100 + reserved + demand + 10 })).toEqual([]); // shipping's 10 also fits
    expect(check({ ...base, accountConcurrency: 100 + reserved + demand - 1 }).map((f) => f.message)).toContainEqual(
      expect.stringContaining(`- 47 reserved in the stack`),
    );
  });
});

describe("IAM policies", () => {
  it("a 256-shard consumer's and its senders' policies are too large; 8 shards are not", () => {
    const sender = `${HEADER}tenants: [acme]
patterns:
  ingest:
    type: shuffle-sharded-queue
    shards: 256
    shardsPerTenant: 2
    consumer: { handler: handlers/ingest.ts }
  events:
    type: fanout
    subscribers:
      importer: { handler: handlers/importer.ts, sendsTo: [ingest] }
`;
    const findings = rule("iam-policy-size").check(modelOf(sender));
    expect(findings.map((f) => f.path)).toEqual([["patterns", "ingest", "consumer"], ["patterns", "events", "subscribers", "importer"]]);
    expect(findings[0]!.message).toMatch(/^role shop-dev-ingest's inline policy would be about \d{5} characters .*above IAM's limit of 10240.*: reduce shards or sendsTo$/);
    expect(rule("iam-policy-size").check(shardedModel(8))).toEqual([]);
  });

  it("repeated Sids are reported per role", () => {
    const repeated = violations["iam-unique-sids"]!(base);
    expect(rule("iam-unique-sids").check(repeated)).toEqual([expect.objectContaining({ message: expect.stringMatching(/has more than one statement with Sid ConsumeQueue$/) })]);
  });
});

describe("loops through a fan-out", () => {
  const loop = (extra = "") =>
    modelOf(`${HEADER}patterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts, sendsTo: [events]${extra} }\n      b: { handler: h.ts }\n`);

  it("a subscriber publishing to its own topic feeds its own queue", () => {
    expect(rule("no-self-feeding-consumer").check(loop())).toEqual([
      expect.objectContaining({ path: ["patterns", "events", "subscribers", "a"], message: "shop-dev-events-a consumes a queue it feeds; set consumesOwnOutput: true if that is intended" }),
    ]);
    expect(rule("no-self-feeding-consumer").check(loop(", consumesOwnOutput: true"))).toEqual([]);
  });

  it("publishing to another fan-out is no loop", () => {
    const m = modelOf(
      `${HEADER}patterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts, sendsTo: [other] }\n  other:\n    type: fanout\n    subscribers:\n      b: { handler: h.ts }\n`,
    );
    expect(rule("no-self-feeding-consumer").check(m)).toEqual([]);
  });
});

describe("payload size and the claim check", () => {
  const topic = (maxPayloadBytes: number, raw: boolean, memoryMb = 256) =>
    modelOf(`${HEADER}patterns:\n  events:\n    type: fanout\n    maxPayloadBytes: ${maxPayloadBytes}\n    subscribers:\n      a: { handler: h.ts, rawMessageDelivery: ${raw}, function: { memoryMb: ${memoryMb} } }\n      b: { handler: h.ts, sendsTo: [events], consumesOwnOutput: true }\n`);
  const thresholds = (m: ServiceModel) => m.claimChecks.map((p) => [p.pattern, p.thresholdBytes]);

  it("a payload that fits every hop travels whole: no bucket", () => {
    const m = topic(262_144 - 1024, true);
    expect(m.claimChecks).toEqual([]);
    expect(m.buckets).toEqual([]);
    expect(m.functions.some((f) => "BULKHEAD_CLAIM_CHECK_BUCKET" in f.environment)).toBe(false);
  });

  it("over the tightest hop it goes by reference: publish leaves room for attributes, an envelope doubles the payload", () => {
    expect(thresholds(topic(262_144 - 1023, true))).toEqual([["events", 261_120]]);
    const enveloped = (262_144 - 1536 - 1024) / 2;
    expect(thresholds(topic(enveloped, false))).toEqual([]);
    expect(thresholds(topic(enveloped + 1, false))).toEqual([["events", enveloped]]);
  });

  it("senders may put under the pattern's prefix and learn the threshold; consumers may get; the bucket outlives every message", () => {
    const m = topic(1024 * 1024, true);
    const [a, b] = m.functions;
    const claims = (f: FunctionModel) => f.statements.filter((s) => s.sid.startsWith("ClaimCheck")).map((s) => [s.sid, s.actions, s.resources]);
    const objects = [{ kind: "bucket", id: "claim-check", objects: "events/*" }];
    expect(claims(a!)).toEqual([["ClaimCheckGet", ["s3:GetObject"], objects]]);
    expect(claims(b!)).toEqual([["ClaimCheckPut", ["s3:PutObject"], objects], ["ClaimCheckGet", ["s3:GetObject"], objects]]);
    expect(b!.environment.BULKHEAD_CLAIM_CHECK_THRESHOLD_EVENTS).toBe("261120");
    expect(a!.environment.BULKHEAD_CLAIM_CHECK_THRESHOLD_EVENTS).toBeUndefined();
    expect(a!.environment.BULKHEAD_CLAIM_CHECK_BUCKET).toEqual({ kind: "bucket", id: "claim-check" });
    // 4 days in the queue and 14 in the DLQ, and a day for S3's rounding to midnight.
    expect(m.buckets).toEqual([expect.objectContaining({ id: "claim-check", versioned: false, expireAfterDays: 19 })]);
  });

  it("rejects what no hop carries even by reference, and what a consumer cannot hold", () => {
    expect(rule("payload-size").check(topic(1024 * 1024, true))).toEqual([]);
    expect(rule("payload-size").check(topic(2 ** 31 + 1, true, 10240)).map((f) => f.message)).toEqual([expect.stringMatching(/^must be at most 2147483648 bytes, the most a message carries even by reference/)]);
    expect(rule("payload-size").check(topic(100 * 1024 * 1024, true)).map((f) => [f.path, f.message])).toEqual([
      [["patterns", "events", "subscribers", "a", "function", "memoryMb"], expect.stringMatching(/shop-dev-events-a has 256 MB for payloads of up to 104857600 bytes, .* give it memoryMb 300 or more/)],
      [["patterns", "events", "subscribers", "b"], expect.stringMatching(/shop-dev-events-b has 256 MB/)],
    ]);
  });
});

describe("settings inherited from defaults", () => {
  const spec = `${HEADER}defaults:\n  function: { timeoutSeconds: 901 }\n  queue: { maxReceiveCount: 20 }\npatterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts }\n      b: { handler: h.ts, function: { timeoutSeconds: 950 }, queue: { maxReceiveCount: 30 } }\n`;

  it("are reported at the defaults key; own settings at their own key", () => {
    const m = modelOf(spec);
    expect(rule("function-timeout").check(m).map((f) => f.path)).toEqual([
      ["defaults", "function", "timeoutSeconds"],
      ["patterns", "events", "subscribers", "b", "function", "timeoutSeconds"],
    ]);
    expect(rule("max-receive-count").check(m).map((f) => f.path)).toEqual([
      ["defaults", "queue", "maxReceiveCount"],
      ["patterns", "events", "subscribers", "b", "queue", "maxReceiveCount"],
    ]);
  });

  it("a built-in default is reported at the consumer", () => {
    const m = modelOf(`${HEADER}patterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts }\n`);
    expect(m.functions[0]!.settingPaths.timeoutSeconds).toEqual(["patterns", "events", "subscribers", "a"]);
    expect(m.queues[0]!.settingPaths.visibilityTimeoutSeconds).toEqual(["patterns", "events", "subscribers", "a"]);
  });
});

describe("dead-letter retention", () => {
  it("FIFO queues reset the enqueue time when dead-lettering, so they are exempt", () => {
    const fifo = withQueue(fifoEverywhere(base), () => ({ messageRetentionSeconds: 14 * 24 * 3600 }));
    expect(rule("dead-letter-retention").check(fifo)).toEqual([]);
  });

  it("is reported where the retention is written", () => {
    const m = modelOf(`${HEADER}patterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts, queue: { messageRetentionSeconds: 1209600 } }\n`);
    expect(rule("dead-letter-retention").check(m)).toEqual([
      expect.objectContaining({ path: ["patterns", "events", "subscribers", "a", "queue", "messageRetentionSeconds"] }),
    ]);
  });
});

describe("tenant-aware queues", () => {
  const silos = modelOf(`${HEADER}tenants: [acme, globex]
patterns:
  reports: { type: tenant-isolated-function, handler: handlers/reports.ts, reservedConcurrencyPerTenant: 2 }
`);
  it("a silo's queue that admits another tenant is reported; its own tenant alone is not", () => {
    expect(rule("tenant-queue-senders").check(silos)).toEqual([]);
    const leaky = { ...silos, queues: silos.queues.map((q) => (q.access ? { ...q, access: { ...q.access, tenants: ["acme", "globex"] } } : q)) };
    expect(rule("tenant-queue-senders").check(leaky).map((f) => f.message)).toEqual([
      "queue shop-dev-reports-acme is tenant acme's silo but admits senders tagged acme, globex",
      "queue shop-dev-reports-globex is tenant globex's silo but admits senders tagged acme, globex",
    ]);
  });

  it("a shard serving a thousand tenants outgrows SQS's policy limit; sixteen shards spread them thin enough", () => {
    const tenants = Array.from({ length: 2000 }, (_, i) => `merchant-${String(i).padStart(5, "0")}`);
    const sharded = (shards: number) => {
      const yaml = `${HEADER}tenants: [${tenants.join(", ")}]\npatterns:\n  ingest: { type: shuffle-sharded-queue, shards: ${shards}, shardsPerTenant: 2, consumer: { handler: handlers/ingest.ts } }\n`;
      const lock = assignTenants({ shards, shardsPerTenant: 2, tenants }, undefined);
      return resolveService(parseSpec("service.yaml", yaml).spec, "dev", { specDir: "services/shop", shardLocks: { ingest: lock } });
    };
    const findings = rule("queue-policy-size").check(sharded(4));
    expect(findings).toHaveLength(4);
    expect(findings[0]!.message).toMatch(/^queue shop-dev-ingest-0's policy would be about \d{5} bytes, above SQS's limit of 8192, which fails at apply: it lists the 1000 tenants it serves; more shards spread them thinner$/);
    expect(rule("queue-policy-size").check(sharded(16))).toEqual([]);
  });

  it("a topic nobody may publish to is a warning at the pattern; named publishers keep it quiet", () => {
    const lonely = modelOf(`${HEADER}patterns:\n  events: { type: fanout, subscribers: { a: { handler: handlers/a.ts } } }\n`);
    expect(rule("topic-publishers").check(lonely)).toEqual([
      expect.objectContaining({ severity: "warning", path: ["patterns", "events"], message: expect.stringMatching(/nobody may publish to topic shop-dev-events/) }),
    ]);
    const named = modelOf(`${HEADER}patterns:\n  events: { type: fanout, externalPublishers: ["arn:aws:iam::123456789012:role/x"], subscribers: { a: { handler: handlers/a.ts } } }\n`);
    expect(rule("topic-publishers").check(named)).toEqual([]);
  });
});

describe("short timeouts and the time guard's margin", () => {
  const consumerModel = (settings: string) => modelOf(`${HEADER}patterns:\n  events: { type: fanout, subscribers: { a: { handler: handlers/a.ts, ${settings} } } }\n`);
  it("a 3 s consumer keeps a 1 s margin and passes; a 1 s consumer of batches is told what to change", () => {
    const fn = consumerModel("function: { timeoutSeconds: 3 }").functions[0]!;
    expect(fn.environment.BULKHEAD_TIME_MARGIN_MS).toBe("1000");
    expect(rule("function-timeout").check(consumerModel("function: { timeoutSeconds: 3 }"))).toEqual([]);
    expect(rule("function-timeout").check(consumerModel("function: { timeoutSeconds: 1 }")).map((f) => [f.path, f.message])).toEqual([
      [
        ["patterns", "events", "subscribers", "a", "function", "timeoutSeconds"],
        "1 s is too short for batches: the runtime starts no record with less than 1000 ms left, so only the first record of each batch would run and the rest would return until they reach the DLQ unrun; set timeoutSeconds to at least 2 or batchSize to 1",
      ],
    ]);
    expect(rule("function-timeout").check(consumerModel("function: { timeoutSeconds: 1 }, batchSize: 1"))).toEqual([]);
  });

  it("the margin is a quarter of the timeout, within 1 to 3 s", () => {
    const margin = (timeout: number) => consumerModel(`function: { timeoutSeconds: ${timeout} }`).functions[0]!.environment.BULKHEAD_TIME_MARGIN_MS;
    expect([2, 4, 8, 12, 30, 900].map(margin)).toEqual(["1000", "1000", "2000", "3000", "3000", "3000"]);
  });
});

describe("idempotency windows", () => {
  const windowOf = (yaml: string) => modelOf(`${HEADER}${yaml}patterns:\n  events: { type: fanout, subscribers: { a: { handler: handlers/a.ts QUEUE } } }\n`.replace(" QUEUE", yaml.includes("queue-own") ? ", queue: { messageRetentionSeconds: 86400 }" : ""));
  it("by default cover the queue's retention plus the DLQ's", () => {
    const fn = windowOf("").functions[0]!;
    expect(fn.idempotency!.ttlSeconds).toBe(4 * 86400 + 14 * 86400);
    expect(fn.environment.BULKHEAD_IDEMPOTENCY_TTL_SECONDS).toBe(String(18 * 86400));
    expect(windowOf("# queue-own\n").functions[0]!.idempotency!.ttlSeconds).toBe(86400 + 14 * 86400);
    expect(rule("idempotency-window").check(windowOf(""))).toEqual([]);
  });

  it("a window shorter than the queue's retention is a warning where the window is written", () => {
    const findings = rule("idempotency-window").check(windowOf("defaults: { consumer: { idempotencyWindowSeconds: 3600 } }\n"));
    expect(findings).toEqual([
      expect.objectContaining({ severity: "warning", path: ["defaults", "consumer", "idempotencyWindowSeconds"], message: expect.stringMatching(/remembers a processed message for 3600 s, but its queue keeps messages for 345600 s/) }),
    ]);
  });
});
