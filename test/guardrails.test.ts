import { describe, expect, it } from "vitest";
import { guardrails } from "../patterns/guardrails/index.js";
import type { Rule } from "../patterns/guardrails/rule.js";
import { resolveService } from "../patterns/model/resolve-service.js";
import type { FunctionModel, QueueModel, ServiceModel } from "../patterns/model/types.js";
import { loadSpec } from "../patterns/spec/load.js";

const { spec } = loadSpec("services/orders/service.yaml");
const base = resolveService(spec, "prod", { specDir: "services/orders" });

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
  "account-concurrency-budget": (m) => withFunction({ ...m, accountConcurrency: 120 }, () => ({ reservedConcurrency: 21 })),
  "consumer-concurrency-bounded": (m) =>
    withFunction(m, (f) => ({ reservedConcurrency: undefined, eventSources: f.eventSources.map((e) => ({ ...e, maximumConcurrency: undefined })) })),
  "consumer-idempotent": (m) => withFunction(m, () => ({ idempotency: undefined })),
  "function-timeout": (m) => withFunction(m, () => ({ timeoutSeconds: 901 })),
  "visibility-timeout": (m) => withQueue(m, (q) => ({ visibilityTimeoutSeconds: q.visibilityTimeoutSeconds - 1 })),
  "queue-dead-letter": (m) => withQueue(m, () => ({ deadLetterQueue: undefined })),
  "subscription-dead-letter": (m) => ({ ...m, subscriptions: m.subscriptions.map((s, i) => (i === 0 ? { ...s, deadLetterQueue: undefined } : s)) }),
  "max-receive-count": (m) => withQueue(m, () => ({ maxReceiveCount: 1 })),
  "fifo-naming": (m) => withQueue(fifoEverywhere(m), (q) => ({ name: q.name.replace(/\.fifo$/, "") })),
  "fifo-batching": (m) => withFunction(fifoEverywhere(m), (f) => ({ eventSources: f.eventSources.map((e) => ({ ...e, batchSize: 11 })) })),
  "fifo-topic-subscribers": (m) => ({ ...m, topics: m.topics.map((t) => ({ ...t, fifo: true, name: `${t.name}.fifo` })) }),
  "batch-size": (m) => withFunction(m, (f) => ({ eventSources: f.eventSources.map((e) => ({ ...e, batchSize: 11, maximumBatchingWindowSeconds: 0 })) })),
  "payload-size": (m) => ({ ...m, topics: m.topics.map((t) => ({ ...t, maxPayloadBytes: 262_000 })) }),
  "iam-no-wildcard-action": (m) => withFunction(m, (f) => ({ statements: [...f.statements, { sid: "Oops", actions: ["sqs:*"], resources: [{ kind: "queue", id: "x" }] }] })),
  "iam-no-wildcard-resource": (m) => withFunction(m, (f) => ({ statements: [...f.statements, { sid: "Oops", actions: ["sqs:SendMessage"], resources: ["*"] }] })),
  "name-collision": (m) => withFunction(m, () => ({ name: m.functions[1]!.name })),
  "no-self-feeding-consumer": (m) => withFunction(m, (f) => ({ feeds: [f.eventSources[0]!.queue] })),
  "send-targets": (m) => withFunction(m, () => ({ sendsTo: ["nowhere"] })),
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
      expect(f.path[0]).toBe("patterns");
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
