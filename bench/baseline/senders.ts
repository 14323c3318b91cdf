import { Lazy } from "cdktf";
import type { ExternalProducers } from "../service-case.js";
import { serviceFunctions } from "./service-functions.js";
import type { StackContext } from "./stack-context.js";

/** Who may send to a queue or publish to a topic; its policy denies everyone else. */
export interface Senders {
  /** May send whatever the tenant: the roles of the service's functions that send to the pattern, then the principals the spec names. */
  readonly trusted: readonly string[];
  /** The ARN patterns the spec names (trusted too), allowed from any account. */
  readonly named: readonly string[];
  /** A tenant-aware queue's tenants, sorted: a principal tagged tenant=<one of them> may send as well. */
  readonly tenants?: readonly string[];
  /** Roles from any account whose sessions, tagged with one of `tenants`, may send. */
  readonly taggedRoles?: readonly string[];
}

/**
 * The functions with `pattern` in their sendsTo, by role ARN, and the principals the spec names.
 * On a tenant-aware queue (`silos: false`) a tenant's silo is not among them, as in bulkhead's
 * policies: its role is tagged with its tenant and sends there as that tenant only. A topic checks
 * no tenant, so it trusts a silo that publishes to it like any other sender. The policies are
 * made before the functions whose roles they trust, so each ARN is read from ctx.roles when the
 * stack is synthesized.
 */
export function sendersOf(ctx: Pick<StackContext, "service" | "env" | "roles">, pattern: string, named: readonly string[], silos: boolean): Senders {
  const roles = serviceFunctions(ctx)
    .filter((fn) => (silos || fn.tenant === undefined) && fn.consumer.sendsTo?.includes(pattern))
    .map((fn) => roleArn(ctx, fn.name));
  return { trusted: [...roles, ...named], named };
}

/** Only the function `name` may send (a tenant-aware queue's DLQ, to which its consumer dead-letters). */
export function onlyFunction(ctx: Pick<StackContext, "roles">, name: string): Senders {
  return { trusted: [roleArn(ctx, name)], named: [] };
}

function roleArn(ctx: Pick<StackContext, "roles">, name: string): string {
  return Lazy.stringValue({ produce: () => ctx.roles.get(name)!.arn });
}

/**
 * A tenant-aware pattern's senders, queue by queue: the pattern's, its routers and the service's
 * operators, and principals acting as one of the queue's tenants (its tagged roles among them).
 */
export function tenantSenders(ctx: Pick<StackContext, "service" | "env" | "roles">, pattern: string, external: ExternalProducers = {}): (tenants: readonly string[]) => Senders {
  const senders = sendersOf(ctx, pattern, [...(external.routers ?? []), ...ctx.service.operators], false);
  const taggedRoles = external.taggedRoles ?? [];
  return (tenants) => ({ ...senders, tenants: [...tenants].sort(), taggedRoles });
}
