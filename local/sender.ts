import { randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
// The producers' own modules, not handlers/index.js: the index also brings the consumer, which
// reaches for the routing-table module that exists only inside a function's bundle.
import { PAYLOAD_SIZE_ATTRIBUTES } from "../handlers/claim-check/pointer.js";
import { CLAIM_CHECK_BUCKET_VARIABLE, claimCheckThresholdVariable } from "../handlers/claim-check/settings.js";
import { createPriorityPublisher, priorityQueueVariable } from "../handlers/producing/priority-publisher.js";
import { parseRoutingTable, type RoutingTable } from "../handlers/producing/routing-table.js";
import { createShardRouter } from "../handlers/producing/shard-router.js";
import { createTenantRouter } from "../handlers/producing/tenant-router.js";
import { createTopicPublisher, topicArnVariable } from "../handlers/producing/topic-publisher.js";
import { BULKHEAD_MESSAGE_ID_ATTRIBUTE, TENANT_ATTRIBUTE } from "../handlers/shared/attributes.js";
import { CLAIM_CHECK_BUCKET } from "../patterns/model/claim-check.js";
import { siloTenant } from "../patterns/model/consumer-function.js";
import type { ServiceModel } from "../patterns/model/types.js";
import { LocalUsageError } from "./errors.js";
import type { LocalResources } from "./provision.js";
import type { SendOptions, SendResult } from "./types.js";
import { closeTo } from "./words.js";

export type Send = (pattern: string, body: unknown, options?: SendOptions) => Promise<SendResult>;

/** The clients a sender needs, pointed at the emulators (this process's, or those of a running `bulkhead dev`). */
export interface SenderClients {
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly s3: S3Client;
}

/** One pattern's producer, built once and reused, as a warm function keeps its own. */
type Producer = (body: unknown, options: SendOptions & { key: string }) => Promise<SendResult>;

/**
 * Sending as the service's own producers do: through the runtime's publisher, router or priority
 * publisher, configured with what synth gives a function that has the pattern in its `sendsTo`
 * (the topic's ARN, the lanes, the routing table compiled into its bundle, the claim-check bucket
 * and threshold), with clients pointed at the emulators. So a retried key gets the same
 * bulkhead-message-id, a tenant reaches only its own shards, and a large body goes by reference.
 */
export function createSender(model: ServiceModel, resources: Pick<LocalResources, "arn">, clients: SenderClients): Send {
  const producers = new Map<string, Producer>();
  return async (pattern, body, options = {}) => {
    const problem = sendProblem(model, pattern, options);
    if (problem) throw new LocalUsageError(problem);
    let producer = producers.get(pattern);
    if (!producer) {
      producer = producerFor(model, pattern, resources, clients);
      producers.set(pattern, producer);
    }
    return producer(body, { ...options, key: options.key ?? randomUUID() });
  };
}

/** What a producer of the pattern is: how a send to it is made and what it takes. */
type PatternKind = "fanout" | "priority-queue" | "shuffle-sharded-queue" | "tenant-isolated-function";

function patternKind(model: ServiceModel, pattern: string): PatternKind | undefined {
  if (model.topics.some((t) => t.access.pattern === pattern)) return "fanout";
  if (model.queues.some((q) => q.priorityLane?.pattern === pattern)) return "priority-queue";
  if (model.routingTables.some((t) => t.pattern === pattern)) return isSiloPattern(model, pattern) ? "tenant-isolated-function" : "shuffle-sharded-queue";
  return undefined;
}

/**
 * Why a producer of the model could not make this send, in words for the developer, or undefined
 * when it could: the checks the producers make, made before anything is sent (a replay file is
 * checked whole, so that a bad line sends nothing).
 */
export function sendProblem(model: ServiceModel, pattern: string, options: SendOptions = {}): string | undefined {
  if (!model.patterns.includes(pattern)) {
    const close = model.patterns.filter((p) => closeTo(pattern, p));
    return `service ${model.service} has no pattern "${pattern}"; it has ${model.patterns.join(", ")}${close.length > 0 ? `; did you mean ${close.join(" or ")}?` : ""}`;
  }
  const kind = patternKind(model, pattern);
  if (!kind) return `pattern "${pattern}" has no topic, lanes or routing table to send to`;
  const { tenant, priority, attributes, key } = options;
  if (key !== undefined && (typeof key !== "string" || key === "")) return `a key must be a non-empty string, got ${JSON.stringify(key)}`;
  if (tenant !== undefined && (typeof tenant !== "string" || tenant === "")) return `a tenant must be a non-empty string, got ${JSON.stringify(tenant)}`;
  if (priority !== undefined && priority !== "high" && priority !== "low") return `priority must be high or low, got ${JSON.stringify(priority)}`;
  if (priority !== undefined && kind !== "priority-queue") {
    return kind === "fanout"
      ? `pattern "${pattern}" is a fan-out; priority applies to priority queues only`
      : `pattern "${pattern}" routes by tenant; priority applies to priority queues only`;
  }
  if (attributes !== undefined) {
    for (const [name, value] of Object.entries(attributes)) {
      if (typeof value !== "string") return `attribute "${name}" must be a string, got ${JSON.stringify(value)}`;
      if (name === TENANT_ATTRIBUTE || name === BULKHEAD_MESSAGE_ID_ATTRIBUTE) return `attribute "${name}" is set by the producer from the tenant and key it is given; use another name`;
      if (PAYLOAD_SIZE_ATTRIBUTES.includes(name)) return `attribute "${name}" is reserved for messages sent by reference through the claim-check bucket; use another name`;
    }
  }
  if (kind === "shuffle-sharded-queue" || kind === "tenant-isolated-function") {
    const tenants = Object.keys(routingTable(model, pattern).tenants);
    if (tenant === undefined) return `pattern "${pattern}" is tenant-aware: a send needs a tenant (one of ${tenants.join(", ")})`;
    if (!tenants.includes(tenant)) {
      const what = kind === "tenant-isolated-function" ? "no silo" : "no shards";
      return `tenant "${tenant}" has ${what} in pattern "${pattern}"; its tenants are ${tenants.join(", ")}`;
    }
  }
  return undefined;
}

function producerFor(model: ServiceModel, pattern: string, resources: Pick<LocalResources, "arn">, clients: SenderClients): Producer {
  const env = producerEnvironment(model, pattern, resources);
  const kind = patternKind(model, pattern)!;
  const s3 = clients.s3;
  if (kind === "fanout") {
    const publisher = createTopicPublisher(pattern, { sns: clients.sns, s3, env });
    const topic = model.topics.find((t) => t.access.pattern === pattern)!;
    return async (body, { key, attributes, tenant }) => {
      const sent = await publisher.publish(body, { key, ...(attributes ? { attributes } : {}), ...(tenant !== undefined ? { tenant } : {}) });
      return { pattern, to: topic.name, bulkheadMessageId: sent.bulkheadMessageId, key };
    };
  }
  if (kind === "priority-queue") {
    const publisher = createPriorityPublisher(pattern, { sqs: clients.sqs, s3, env });
    return async (body, { key, attributes, tenant, priority }) => {
      const sent = await publisher.send(body, { key, ...(priority ? { priority } : {}), ...(tenant !== undefined ? { tenant } : {}), ...(attributes ? { attributes } : {}) });
      return { pattern, to: sent.queueName, bulkheadMessageId: sent.bulkheadMessageId, key };
    };
  }
  const table = routingTable(model, pattern);
  const router = kind === "tenant-isolated-function" ? createTenantRouter(table, { sqs: clients.sqs, s3, env }) : createShardRouter(table, { sqs: clients.sqs, s3, env });
  return async (body, { key, attributes, tenant }) => {
    const sent = await router.send(tenant!, body, { key, ...(attributes ? { attributes } : {}) });
    return { pattern, to: sent.queueName, bulkheadMessageId: sent.bulkheadMessageId, key };
  };
}

function routingTable(model: ServiceModel, pattern: string): RoutingTable {
  const table = model.routingTables.find((t) => t.pattern === pattern)!;
  return parseRoutingTable(table.content, `the routing table of ${pattern} in the model`);
}

/** A tenant-isolated pattern: its queues are consumed by silos, each serving one tenant. */
function isSiloPattern(model: ServiceModel, pattern: string): boolean {
  const queues = new Set(model.queues.filter((q) => q.pattern === pattern).map((q) => q.id));
  return model.functions.some((f) => siloTenant(f) !== undefined && f.eventSources.some((e) => queues.has(e.queue.id)));
}

/**
 * The variables a sender of the pattern gets. A function of the model with the pattern in its
 * `sendsTo` has them exactly as synth sets them, so they are taken from it when there is one;
 * otherwise (a pattern only outside producers send to) they are rebuilt from the model.
 */
function producerEnvironment(model: ServiceModel, pattern: string, resources: Pick<LocalResources, "arn">): Record<string, string> {
  const names = [topicArnVariable(pattern), priorityQueueVariable(pattern), claimCheckThresholdVariable(pattern)];
  const sender = model.functions.find((f) => f.sendsTo.includes(pattern));
  const env: Record<string, string> = {};
  if (sender) {
    for (const name of names) {
      const value = sender.environment[name];
      if (value !== undefined) env[name] = typeof value === "string" ? value : resources.arn(value);
    }
  } else {
    const topic = model.topics.find((t) => t.access.pattern === pattern);
    if (topic) env[topicArnVariable(pattern)] = resources.arn({ kind: "topic", id: topic.id });
    const lanes = model.queues.filter((q) => q.priorityLane?.pattern === pattern);
    if (lanes.length > 0) {
      // The model keeps the surge threshold only in senders' variables: without a sender, the surge lane gets no sends.
      const byLane = Object.fromEntries(lanes.filter((q) => q.priorityLane!.lane !== "surge").map((q) => [q.priorityLane!.lane, q.name]));
      env[priorityQueueVariable(pattern)] = JSON.stringify({ pattern, lanes: byLane });
    }
    const plan = model.claimChecks.find((p) => p.pattern === pattern);
    if (plan) env[claimCheckThresholdVariable(pattern)] = String(plan.thresholdBytes);
  }
  if (env[claimCheckThresholdVariable(pattern)] !== undefined) env[CLAIM_CHECK_BUCKET_VARIABLE] = resources.arn(CLAIM_CHECK_BUCKET);
  return env;
}
