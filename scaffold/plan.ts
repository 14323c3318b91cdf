/**
 * What a scaffold is planned in: a pattern's spec data, its handlers, and what its end-to-end test
 * sends and expects. Files and data only; templates/ holds the text.
 */
import type { SpecPath } from "../patterns/model/types.js";
import type { Payload } from "./payloads.js";

export const PATTERN_TYPES = ["fanout", "shuffle-sharded-queue", "priority-queue", "tenant-isolated-function"] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

/** Tenants of a new service with a tenant-aware pattern; replace them with your own. */
export const EXAMPLE_TENANTS: readonly string[] = ["acme", "globex", "initech"];

/** AWS's documentation account: every ARN a skeleton names is one to replace. */
export const EXAMPLE_ACCOUNT = "123456789012";
export const OPERATOR_ROLE = `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/platform-oncall`;

export function isTenantAware(type: PatternType): boolean {
  return type === "shuffle-sharded-queue" || type === "tenant-isolated-function";
}

export interface PatternContext {
  readonly service: string;
  /** The tenants the pattern serves (tenant-aware patterns only). */
  readonly tenants: readonly string[];
  /** The pattern lists its tenants itself: added to a spec without service-level tenants. */
  readonly ownTenants: boolean;
  /** The spec has no operators, so the pattern names the role that may redrive its DLQs. */
  readonly ownRouters: boolean;
}

/** One handler file and its test. */
export interface HandlerPlan {
  /** Relative to the spec's folder, as the spec names it. */
  readonly file: string;
  readonly test: string;
  readonly payload: Payload;
  readonly businessFunction: string;
  /** What the business function does, for its doc comment. */
  readonly doc: readonly string[];
  /** The comment where the business logic goes. */
  readonly placeholder: readonly string[];
  /** What it logs when done. */
  readonly logMessage: string;
  /** Which of the spec's consumers it is, in words. */
  readonly role: string;
  /** The tenant its test runs as, for a tenant-aware pattern. */
  readonly tenant?: string;
}

/** A function the end-to-end test expects to process the message it sends, found in the resolved model. */
export interface FunctionRef {
  readonly source: SpecPath;
  readonly tenant?: string;
}

export interface PatternPlan {
  readonly type: PatternType;
  readonly name: string;
  /** The data of the spec partial `spec/<type>`. */
  readonly spec: Readonly<Record<string, unknown>>;
  readonly handlers: readonly HandlerPlan[];
  /** Shard parameters, for the lock. */
  readonly sharding?: Sharding;
  readonly e2e: {
    /** The test's name. */
    readonly title: string;
    readonly payload: Payload;
    readonly options?: { readonly tenant?: string; readonly priority?: "high" | "low" };
    readonly functions: readonly FunctionRef[];
  };
}

export interface Sharding {
  readonly shards: number;
  readonly shardsPerTenant: number;
  /** Absent when the tenants are too many for every pair to share at most one shard. */
  readonly maxOverlap: number | undefined;
  readonly tenants: readonly string[];
}

/** What the tenant-aware partials add: their own tenants and routers when the spec has none. */
export function tenancy(ctx: PatternContext, sharded: boolean) {
  return {
    ownTenants: ctx.ownTenants ? ctx.tenants : undefined,
    routers: ctx.ownRouters ? [OPERATOR_ROLE] : undefined,
    sharded,
  };
}
