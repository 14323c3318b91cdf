import { randomUUID } from "node:crypto";
// The producers' own modules, not handlers/index.js: the index also brings the consumer, which
// reaches for the routing-table module that exists only inside a function's bundle.
import { CLAIM_CHECK_BUCKET_VARIABLE, claimCheckThresholdVariable } from "../handlers/claim-check/settings.js";
import { createPriorityPublisher, priorityQueueVariable } from "../handlers/producing/priority-publisher.js";
import { parseRoutingTable } from "../handlers/producing/routing-table.js";
import { createShardRouter } from "../handlers/producing/shard-router.js";
import { createTenantRouter } from "../handlers/producing/tenant-router.js";
import { createTopicPublisher, topicArnVariable } from "../handlers/producing/topic-publisher.js";
import { CLAIM_CHECK_BUCKET } from "../patterns/model/claim-check.js";
import type { ServiceModel } from "../patterns/model/types.js";
import type { Emulators } from "./emulators.js";
import { LocalUsageError } from "./errors.js";
import type { LocalResources } from "./provision.js";
import type { SendOptions } from "./types.js";

export type Send = (pattern: string, body: unknown, options?: SendOptions) => Promise<void>;

/** One pattern's producer, built once and reused, as a warm function keeps its own. */
type Producer = (body: unknown, options: SendOptions & { key: string }) => Promise<unknown>;

/**
 * Sending as the service's own producers do: through the runtime's publisher, router or priority
 * publisher, configured with what synth gives a function that has the pattern in its `sendsTo`
 * (the topic's ARN, the lanes, the routing table compiled into its bundle, the claim-check bucket
 * and threshold), with clients pointed at the emulators. So a retried key gets the same
 * bulkhead-message-id, a tenant reaches only its own shards, and a large body goes by reference.
 */
export function createSender(model: ServiceModel, resources: LocalResources, emulators: Emulators): Send {
  const producers = new Map<string, Producer>();
  return async (pattern, body, options = {}) => {
    let producer = producers.get(pattern);
    if (!producer) {
      producer = producerFor(model, pattern, resources, emulators);
      producers.set(pattern, producer);
    }
    await producer(body, { ...options, key: options.key ?? randomUUID() });
  };
}

function producerFor(model: ServiceModel, pattern: string, resources: LocalResources, { clients }: Emulators): Producer {
  if (!model.patterns.includes(pattern)) {
    throw new LocalUsageError(`service ${model.service} has no pattern "${pattern}"; it has ${model.patterns.join(", ")}`);
  }
  const env = producerEnvironment(model, pattern, resources);
  const topic = model.topics.find((t) => t.access.pattern === pattern);
  if (topic) {
    const publisher = createTopicPublisher(pattern, { sns: clients.sns, s3: clients.s3, env });
    return (body, { key, attributes, tenant, priority }) => {
      refuse(priority !== undefined, `pattern "${pattern}" is a fan-out; priority applies to priority queues only`);
      return publisher.publish(body, { key, ...(attributes ? { attributes } : {}), ...(tenant !== undefined ? { tenant } : {}) });
    };
  }
  if (model.queues.some((q) => q.priorityLane?.pattern === pattern)) {
    const publisher = createPriorityPublisher(pattern, { sqs: clients.sqs, s3: clients.s3, env });
    return (body, { key, attributes, tenant, priority }) =>
      publisher.send(body, { key, ...(priority ? { priority } : {}), ...(tenant !== undefined ? { tenant } : {}), ...(attributes ? { attributes } : {}) });
  }
  const table = model.routingTables.find((t) => t.pattern === pattern);
  if (table) {
    const parsed = parseRoutingTable(table.content, `the routing table of ${pattern} in the model`);
    const router = isSiloPattern(model, pattern) ? createTenantRouter(parsed, { sqs: clients.sqs, s3: clients.s3, env }) : createShardRouter(parsed, { sqs: clients.sqs, s3: clients.s3, env });
    return (body, { key, attributes, tenant, priority }) => {
      refuse(tenant === undefined, `pattern "${pattern}" is tenant-aware: a send needs a tenant (one of ${Object.keys(parsed.tenants).join(", ")})`);
      refuse(priority !== undefined, `pattern "${pattern}" routes by tenant; priority applies to priority queues only`);
      return router.send(tenant!, body, { key, ...(attributes ? { attributes } : {}) });
    };
  }
  throw new LocalUsageError(`pattern "${pattern}" has no topic, lanes or routing table to send to`);
}

/** A tenant-isolated pattern: its queues are consumed by silos, each serving one tenant. */
function isSiloPattern(model: ServiceModel, pattern: string): boolean {
  const queues = new Set(model.queues.filter((q) => q.pattern === pattern).map((q) => q.id));
  return model.functions.some((f) => f.tenancy && "tenant" in f.tenancy && f.eventSources.some((e) => queues.has(e.queue.id)));
}

/**
 * The variables a sender of the pattern gets. A function of the model with the pattern in its
 * `sendsTo` has them exactly as synth sets them, so they are taken from it when there is one;
 * otherwise (a pattern only outside producers send to) they are rebuilt from the model.
 */
function producerEnvironment(model: ServiceModel, pattern: string, resources: LocalResources): Record<string, string> {
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

function refuse(condition: boolean, message: string): void {
  if (condition) throw new LocalUsageError(message);
}
