import { readFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, sep } from "node:path";
import { parse } from "yaml";
import { NotComparable } from "./not-comparable.js";
import type { Environment, Fanout, PriorityQueue, ServiceCase, ShardedQueue } from "./service-case.js";

const CONSUMER_KEYS = ["handler", "idempotencyKey", "batchSize", "batchingWindowSeconds", "visibilityTimeoutSeconds", "sendsTo", "function", "queue"];
const SUBSCRIBER_KEYS = new Set([...CONSUMER_KEYS, "filter", "filterScope", "rawMessageDelivery", "maxConcurrency", "reservedConcurrency"]);
const SHARD_CONSUMER_KEYS = new Set([...CONSUMER_KEYS, "maxConcurrencyPerShard"]);
const LANE_CONSUMER_KEYS = new Set([...CONSUMER_KEYS, "maxConcurrency", "reservedConcurrency"]);
// maxPayloadBytes only feeds a guardrail, and shardsPerTenant and maxOverlap only
// `bulkhead shards assign`: none changes a resource, so the baseline has no use for them.
const FANOUT_KEYS = new Set(["type", "fifo", "maxPayloadBytes", "subscribers"]);
const SHARDED_QUEUE_KEYS = new Set(["type", "shards", "shardsPerTenant", "maxOverlap", "tenants", "consumer"]);
// maxPayloadBytes only feeds a guardrail; bulkhead refuses a FIFO priority queue.
const PRIORITY_QUEUE_KEYS = new Set(["type", "deferAfterSeconds", "expireAfterSeconds", "fifo", "maxPayloadBytes", "consumers", "surge"]);
// accountConcurrency only feeds a guardrail (the reserved-concurrency budget); alarmTopicArn
// becomes every alarm's alarm_actions and ok_actions.
const ENVIRONMENT_KEYS = new Set(["accountConcurrency", "alarmTopicArn"]);

type SpecObject = Record<string, any>;

/**
 * A spec in the baseline's terms: the spec's own values, nothing resolved. Refuses what
 * the hand-written baseline does not model, so a richer spec fails loudly here instead
 * of comparing different infrastructure.
 */
export function serviceFromSpec(projectRoot: string, specFile: string): ServiceCase {
  const spec: SpecObject = parse(readFileSync(join(projectRoot, specFile), "utf8"));
  const unsupported: string[] = [];
  if (spec.backend) unsupported.push("an S3 backend");
  const environments: Record<string, Environment> = {};
  for (const [env, e] of Object.entries<SpecObject>(spec.environments)) {
    if ("region" in e) unsupported.push("per-environment regions");
    unsupported.push(...unknownKeys(e, ENVIRONMENT_KEYS, `environments.${env}`).filter((key) => !key.endsWith(".region")));
    environments[env] = e.alarmTopicArn === undefined ? {} : { alarmTopicArn: e.alarmTopicArn };
  }
  const fanouts: Record<string, Fanout> = {};
  const shardedQueues: Record<string, ShardedQueue> = {};
  const priorityQueues: Record<string, PriorityQueue> = {};
  for (const [name, p] of Object.entries<SpecObject>(spec.patterns)) {
    const at = `patterns.${name}`;
    if (p.type === "fanout") {
      unsupported.push(...unknownKeys(p, FANOUT_KEYS, at), ...(p.fifo ? ["a FIFO topic"] : []));
      for (const [subscriber, s] of Object.entries<SpecObject>(p.subscribers)) unsupported.push(...unknownKeys(s, SUBSCRIBER_KEYS, `${at}.subscribers.${subscriber}`));
      fanouts[name] = { subscribers: p.subscribers };
    } else if (p.type === "shuffle-sharded-queue") {
      unsupported.push(...unknownKeys(p, SHARDED_QUEUE_KEYS, at), ...unknownKeys(p.consumer, SHARD_CONSUMER_KEYS, `${at}.consumer`));
      shardedQueues[name] = { shards: p.shards, tenants: p.tenants ?? spec.tenants ?? [], lockFile: lockFileBeside(projectRoot, specFile), consumer: p.consumer };
    } else if (p.type === "priority-queue") {
      unsupported.push(...unknownKeys(p, PRIORITY_QUEUE_KEYS, at), ...unknownKeys(p.consumers, new Set(["high", "low"]), `${at}.consumers`));
      if (p.surge) unsupported.push(...unknownKeys(p.surge, new Set(["whenBacklogOver", "consumer"]), `${at}.surge`));
      const lanes: [string, SpecObject][] = [["consumers.high", p.consumers.high], ["consumers.low", p.consumers.low], ...(p.surge ? [["surge.consumer", p.surge.consumer] as [string, SpecObject]] : [])];
      for (const [where, c] of lanes) unsupported.push(...unknownKeys(c, LANE_CONSUMER_KEYS, `${at}.${where}`));
      priorityQueues[name] = { deferAfterSeconds: p.deferAfterSeconds, expireAfterSeconds: p.expireAfterSeconds, consumers: p.consumers, ...(p.surge ? { surge: p.surge } : {}) };
    } else {
      unsupported.push(`a ${p.type} pattern`);
    }
  }
  const consumers = [
    ...Object.values(fanouts).flatMap((f) => Object.values(f.subscribers)),
    ...Object.values(shardedQueues).map((q) => q.consumer),
    ...Object.values(priorityQueues).flatMap((q) => [q.consumers.high, q.consumers.low, ...(q.surge ? [q.surge.consumer] : [])]),
  ];
  for (const target of consumers.flatMap((c) => c.sendsTo ?? [])) {
    // Sending to a sharded queue would bundle its routing table into the sender's code.
    if (!(target in fanouts || target in priorityQueues)) unsupported.push(`sendsTo ${target}, which is neither a fan-out nor a priority queue`);
  }
  if (unsupported.length > 0) throw new NotComparable(`${specFile} uses ${[...new Set(unsupported)].join(", ")}, which the hand-written baseline does not model`);
  return {
    projectRoot,
    specDir: relative(projectRoot, dirname(join(projectRoot, specFile))).split(sep).join("/"),
    service: spec.service,
    region: spec.region,
    environments,
    defaults: spec.defaults ?? {},
    fanouts,
    shardedQueues,
    priorityQueues,
  };
}

/** Where `bulkhead shards assign` writes the lock: `service.yaml` → `service.shards.lock.json`. */
function lockFileBeside(projectRoot: string, specFile: string): string {
  return join(projectRoot, dirname(specFile), `${basename(specFile, extname(specFile))}.shards.lock.json`);
}

function unknownKeys(value: SpecObject, known: ReadonlySet<string>, at: string): string[] {
  return Object.keys(value).filter((key) => !known.has(key)).map((key) => `${at}.${key}`);
}

/** "3 subscribers + 8 shards (12 tenants), 2 envs", for labels. */
export function describeService(s: ServiceCase): string {
  const parts = [
    ...Object.values(s.fanouts).map((f) => `${Object.keys(f.subscribers).length} subscribers`),
    ...Object.values(s.shardedQueues).map((q) => `${q.shards} shards (${q.tenants.length.toLocaleString("en-US")} tenants)`),
    ...Object.values(s.priorityQueues).map((q) => `${q.surge ? 3 : 2} priority lanes`),
  ];
  return `${parts.join(" + ")}, ${Object.keys(s.environments).length} envs`;
}
