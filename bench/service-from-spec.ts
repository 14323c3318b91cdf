import { readFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, sep } from "node:path";
import { parse } from "yaml";
import { NotComparable } from "./not-comparable.js";
import type { Consumer, Environment, ExternalProducers, Fanout, PriorityQueue, ServiceCase, ShardedQueue, TenantSilos } from "./service-case.js";

const CONSUMER_KEYS = ["handler", "idempotencyKey", "batchSize", "batchingWindowSeconds", "visibilityTimeoutSeconds", "sendsTo", "function", "queue"];
// A priority lane has no idempotencyWindowSeconds: the lanes share one computed window (bulkhead refuses it too).
const WINDOWED_CONSUMER_KEYS = [...CONSUMER_KEYS, "idempotencyWindowSeconds"];
const SUBSCRIBER_KEYS = new Set([...WINDOWED_CONSUMER_KEYS, "filter", "filterScope", "rawMessageDelivery", "maxConcurrency", "reservedConcurrency"]);
const SHARD_CONSUMER_KEYS = new Set([...WINDOWED_CONSUMER_KEYS, "maxConcurrencyPerShard"]);
const LANE_CONSUMER_KEYS = new Set([...CONSUMER_KEYS, "maxConcurrency", "reservedConcurrency"]);
// maxPayloadBytes is read only to refuse a payload bulkhead would send by reference (claimCheck
// below); shardsPerTenant and maxOverlap only feed `bulkhead shards assign`: neither changes a
// resource otherwise, so the baseline has no use for them.
const FANOUT_KEYS = new Set(["type", "fifo", "maxPayloadBytes", "externalPublishers", "subscribers"]);
const SHARDED_QUEUE_KEYS = new Set(["type", "shards", "shardsPerTenant", "maxOverlap", "tenants", "consumer", "maxPayloadBytes", "externalProducers"]);
const TENANT_SILOS_KEYS = new Set([...WINDOWED_CONSUMER_KEYS, "type", "maxConcurrency", "reservedConcurrencyPerTenant", "tenants", "overrides", "data", "maxPayloadBytes", "externalProducers"]);
const SILO_OVERRIDE_KEYS = new Set(["reservedConcurrency", "maxConcurrency", "function"]);
const EXTERNAL_PRODUCER_KEYS = new Set(["routers", "taggedRoles"]);
// bulkhead refuses a FIFO priority queue.
const PRIORITY_QUEUE_KEYS = new Set(["type", "deferAfterSeconds", "expireAfterSeconds", "fifo", "maxPayloadBytes", "consumers", "surge"]);
// accountConcurrency only feeds a guardrail (the reserved-concurrency budget); alarmTopicArn
// becomes every alarm's alarm_actions and ok_actions; deletionProtection the tables'.
const ENVIRONMENT_KEYS = new Set(["accountConcurrency", "alarmTopicArn", "deletionProtection"]);
const DEFAULTS_KEYS = new Set(["function", "queue", "consumer"]);
const CONSUMER_DEFAULTS_KEYS = new Set(["idempotencyWindowSeconds"]);
// version is always 1; backend is refused below; tracing is mirrored (functions' and topics' tracing_config, the roles' WriteTraces).
const SERVICE_KEYS = new Set(["version", "service", "region", "environments", "defaults", "tenants", "operators", "patterns", "backend", "tracing"]);
/** Spec keys bulkhead takes that the baseline does not build, named as what they make. */
const UNMODELED: Readonly<Record<string, string>> = {
  alarms: "an alarm topic bulkhead creates (KMS key, topic, subscriptions)",
  secrets: "secrets a consumer reads",
  parameters: "SSM parameters a consumer reads",
  parametersCacheSeconds: "a secrets and parameters cache time",
  // None of the bench's cases has one, so the baseline does not import the budgets module for it.
  budget: "an AWS Budgets cost budget",
  bucket: "a tenant data bucket",
};

/**
 * Hops as bulkhead budgets them: an SQS message (every queue's max_message_size) or an SNS
 * publish, 262,144 bytes, less 1,024 for message attributes; an SNS envelope (a delivery that is
 * not raw) holds the payload escaped, up to twice its size, in 1,536 bytes of its own; a priority
 * lane's own attributes take 384.
 */
const HOP_PAYLOAD_BYTES = 262_144 - 1_024;
const ENVELOPED_PAYLOAD_BYTES = Math.floor((HOP_PAYLOAD_BYTES - 1_536) / 2);
const LANE_PAYLOAD_BYTES = HOP_PAYLOAD_BYTES - 384;

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
  unsupported.push(...unknownKeys(spec, SERVICE_KEYS, "the service"));
  unsupported.push(...unknownKeys(spec.defaults ?? {}, DEFAULTS_KEYS, "defaults"), ...unknownKeys(spec.defaults?.consumer ?? {}, CONSUMER_DEFAULTS_KEYS, "defaults.consumer"));
  const environments: Record<string, Environment> = {};
  for (const [env, e] of Object.entries<SpecObject>(spec.environments)) {
    if ("region" in e) unsupported.push("per-environment regions");
    unsupported.push(...unknownKeys(e, ENVIRONMENT_KEYS, `environments.${env}`).filter((key) => !key.endsWith(".region")));
    const topicRegion = typeof e.alarmTopicArn === "string" ? e.alarmTopicArn.split(":")[3] : spec.region;
    if (topicRegion !== spec.region) unsupported.push(`an alarm topic in another region than the stack (environments.${env}.alarmTopicArn, which bulkhead refuses: alarm-topic-region)`);
    environments[env] = {
      ...(e.alarmTopicArn === undefined ? {} : { alarmTopicArn: e.alarmTopicArn }),
      ...(e.deletionProtection === undefined ? {} : { deletionProtection: e.deletionProtection }),
    };
  }
  const fanouts: Record<string, Fanout> = {};
  const shardedQueues: Record<string, ShardedQueue> = {};
  const priorityQueues: Record<string, PriorityQueue> = {};
  const tenantSilos: Record<string, TenantSilos> = {};
  for (const [name, p] of Object.entries<SpecObject>(spec.patterns)) {
    const at = `patterns.${name}`;
    if (p.type === "fanout") {
      unsupported.push(...unknownKeys(p, FANOUT_KEYS, at), ...(p.fifo ? ["a FIFO topic"] : []));
      for (const [subscriber, s] of Object.entries<SpecObject>(p.subscribers)) unsupported.push(...unknownKeys(s, SUBSCRIBER_KEYS, `${at}.subscribers.${subscriber}`));
      const enveloped = Object.values<SpecObject>(p.subscribers).some((sub) => sub.rawMessageDelivery === false);
      unsupported.push(...claimCheck(p, enveloped ? ENVELOPED_PAYLOAD_BYTES : HOP_PAYLOAD_BYTES, at));
      fanouts[name] = { subscribers: p.subscribers, ...(p.externalPublishers ? { externalPublishers: p.externalPublishers } : {}) };
    } else if (p.type === "shuffle-sharded-queue") {
      unsupported.push(...unknownKeys(p, SHARDED_QUEUE_KEYS, at), ...unknownKeys(p.consumer, SHARD_CONSUMER_KEYS, `${at}.consumer`));
      unsupported.push(...externalProducerKeys(p, at), ...claimCheck(p, HOP_PAYLOAD_BYTES, at));
      shardedQueues[name] = {
        shards: p.shards,
        tenants: p.tenants ?? spec.tenants ?? [],
        lockFile: lockFileBeside(projectRoot, specFile),
        consumer: p.consumer,
        ...(p.externalProducers ? { externalProducers: p.externalProducers } : {}),
      };
    } else if (p.type === "priority-queue") {
      unsupported.push(...unknownKeys(p, PRIORITY_QUEUE_KEYS, at), ...unknownKeys(p.consumers, new Set(["high", "low"]), `${at}.consumers`));
      if (p.surge) unsupported.push(...unknownKeys(p.surge, new Set(["whenBacklogOver", "consumer"]), `${at}.surge`));
      const lanes: [string, SpecObject][] = [["consumers.high", p.consumers.high], ["consumers.low", p.consumers.low], ...(p.surge ? [["surge.consumer", p.surge.consumer] as [string, SpecObject]] : [])];
      for (const [where, c] of lanes) unsupported.push(...unknownKeys(c, LANE_CONSUMER_KEYS, `${at}.${where}`));
      unsupported.push(...claimCheck(p, LANE_PAYLOAD_BYTES, at));
      priorityQueues[name] = { deferAfterSeconds: p.deferAfterSeconds, expireAfterSeconds: p.expireAfterSeconds, consumers: p.consumers, ...(p.surge ? { surge: p.surge } : {}) };
    } else if (p.type === "tenant-isolated-function") {
      unsupported.push(...unknownKeys(p, TENANT_SILOS_KEYS, at), ...externalProducerKeys(p, at), ...unknownKeys(p.data ?? {}, new Set(["table"]), `${at}.data`));
      for (const [tenant, o] of Object.entries<SpecObject>(p.overrides ?? {})) unsupported.push(...unknownKeys(o, SILO_OVERRIDE_KEYS, `${at}.overrides.${tenant}`));
      unsupported.push(...claimCheck(p, HOP_PAYLOAD_BYTES, at));
      const { type: _type, data, maxPayloadBytes: _payload, ...silos } = p;
      tenantSilos[name] = { ...silos, tenants: p.tenants ?? spec.tenants ?? [], overrides: p.overrides ?? {}, dataTable: data?.table ?? false } as TenantSilos;
    } else {
      unsupported.push(`a ${p.type} pattern`);
    }
  }
  const consumers: Consumer[] = [
    ...Object.values(fanouts).flatMap((f) => Object.values(f.subscribers)),
    ...Object.values(shardedQueues).map((q) => q.consumer),
    ...Object.values(priorityQueues).flatMap((q) => [q.consumers.high, q.consumers.low, ...(q.surge ? [q.surge.consumer] : [])]),
    ...Object.values(tenantSilos),
  ];
  for (const target of consumers.flatMap((c) => c.sendsTo ?? [])) {
    if (!(target in spec.patterns)) unsupported.push(`sendsTo ${target}, which is not a pattern of the service`);
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
    tenantSilos,
    patternOrder: Object.keys(spec.patterns),
    operators: spec.operators ?? [],
    ...(spec.tracing === undefined ? {} : { tracing: spec.tracing }),
  };
}

/** Where `bulkhead shards assign` writes the lock: `service.yaml` → `service.shards.lock.json`. */
function lockFileBeside(projectRoot: string, specFile: string): string {
  return join(projectRoot, dirname(specFile), `${basename(specFile, extname(specFile))}.shards.lock.json`);
}

function externalProducerKeys(p: SpecObject, at: string): string[] {
  return unknownKeys(p.externalProducers ?? ({} satisfies ExternalProducers), EXTERNAL_PRODUCER_KEYS, `${at}.externalProducers`);
}

/** A declared payload over the pattern's tightest hop, which bulkhead sends by reference through a claim-check bucket. */
function claimCheck(p: SpecObject, hopBytes: number, at: string): string[] {
  if (p.maxPayloadBytes === undefined || p.maxPayloadBytes <= hopBytes) return [];
  return [`a claim-check bucket for payloads over ${hopBytes} bytes (${at}.maxPayloadBytes ${p.maxPayloadBytes})`];
}

function unknownKeys(value: SpecObject, known: ReadonlySet<string>, at: string): string[] {
  return Object.keys(value)
    .filter((key) => !known.has(key))
    .map((key) => (Object.hasOwn(UNMODELED, key) ? `${UNMODELED[key]} (${at}.${key})` : `${at}.${key}`));
}

/** "3 subscribers + 8 shards (12 tenants), 2 envs", for labels. */
export function describeService(s: ServiceCase): string {
  const parts = [
    ...Object.values(s.fanouts).map((f) => `${Object.keys(f.subscribers).length} subscribers`),
    ...Object.values(s.shardedQueues).map((q) => `${q.shards} shards (${q.tenants.length.toLocaleString("en-US")} tenants)`),
    ...Object.values(s.priorityQueues).map((q) => `${q.surge ? 3 : 2} priority lanes`),
    ...Object.values(s.tenantSilos).map((t) => `${t.tenants.length} tenant silos`),
  ];
  return `${parts.join(" + ")}, ${Object.keys(s.environments).length} envs`;
}
