import type { ExternalProducersSpec } from "../spec/common.js";
import { siloTenant } from "./consumer-function.js";
import type { PatternContext } from "./context.js";
import type { FunctionModel, QueueModel, SendAccessModel, TopicModel } from "./types.js";

/**
 * A tenant-aware queue's senders: whoever the pattern's `externalProducers` names, the service's
 * operators, and (once wired) the pattern's in-service senders; everyone else only as one of `tenants`.
 */
export function tenantSendAccess(ctx: PatternContext, tenants: readonly string[], external: ExternalProducersSpec | undefined): SendAccessModel {
  return {
    pattern: ctx.pattern,
    trusted: [...(external?.routers ?? []), ...ctx.operators],
    tenants: [...tenants].sort(),
    taggedRoles: external?.taggedRoles ?? [],
    source: external ? [...ctx.source, "externalProducers"] : ctx.source,
  };
}

/** A topic's publishers: the pattern's in-service senders (once wired) and the principals the spec names. */
export function publishAccess(ctx: PatternContext, publishers: readonly string[] | undefined): SendAccessModel {
  return { pattern: ctx.pattern, trusted: publishers ?? [], source: publishers ? [...ctx.source, "externalPublishers"] : ctx.source };
}

/**
 * Adds each function's role to the access of every queue and topic of a pattern its `sendsTo`
 * names. On a tenant-aware queue a tenant's silo is not trusted for every tenant: its role carries
 * the principal tag of its own tenant, and sends there as that tenant only.
 */
export function trustSenderRoles<T extends QueueModel | TopicModel>(resources: readonly T[], functions: readonly FunctionModel[]): T[] {
  return resources.map((resource) => {
    if (!resource.access) return resource;
    const { pattern, tenants } = resource.access;
    const senders = functions.filter((f) => f.sendsTo.includes(pattern) && !(tenants !== undefined && siloTenant(f) !== undefined));
    const roles = senders.map((f) => ({ kind: "role" as const, id: f.id }));
    if (roles.length === 0) return resource;
    return { ...resource, access: { ...resource.access, trusted: [...roles, ...resource.access.trusted] } };
  });
}

/**
 * A tenant-aware queue's DLQ admits only its consumers (dead-lettering a record of another tenant);
 * SQS's own redrive after maxReceiveCount is no SendMessage and is not affected.
 */
export function guardDeadLetters(queues: readonly QueueModel[], functions: readonly FunctionModel[]): QueueModel[] {
  return queues.map((queue) => {
    if (!queue.access?.tenants || !queue.deadLetterQueue) return queue;
    const consumers = functions.filter((f) => f.eventSources.some((e) => e.queue.id === queue.id)).map((f) => ({ kind: "role" as const, id: f.id }));
    return { ...queue, deadLetterQueue: { ...queue.deadLetterQueue, access: { pattern: queue.access.pattern, trusted: consumers, source: queue.access.source } } };
  });
}
