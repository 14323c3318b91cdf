import type { ExternalProducersSpec } from "../spec/common.js";
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

/** Adds each function's role to the access of every queue and topic of a pattern its `sendsTo` names. */
export function trustSenderRoles<T extends QueueModel | TopicModel>(resources: readonly T[], functions: readonly FunctionModel[]): T[] {
  return resources.map((resource) => {
    if (!resource.access) return resource;
    const { pattern } = resource.access;
    const roles = functions.filter((f) => f.sendsTo.includes(pattern)).map((f) => ({ kind: "role" as const, id: f.id }));
    if (roles.length === 0) return resource;
    return { ...resource, access: { ...resource.access, trusted: [...roles, ...resource.access.trusted] } };
  });
}
