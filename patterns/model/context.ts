import type { FunctionSettingsSpec, QueueSettingsSpec } from "../spec/common.js";
import type { PatternLock } from "../shuffle-sharded-queue/assignment-types.js";
import type { ResourceRef, SpecPath, Tags } from "./types.js";

/** What a pattern's resolver knows about the service and environment it is part of. */
export interface PatternContext {
  readonly service: string;
  readonly environment: string;
  readonly region: string;
  /** The spec file's folder relative to the project root; handler paths are relative to it. */
  readonly specDir: string;
  readonly tenants: readonly string[];
  /** X-Ray active tracing for the service's functions and topics. */
  readonly tracing: boolean;
  /** Whether the environment's tables refuse deletion. */
  readonly deletionProtection: boolean;
  /** Principals the spec trusts to send to every tenant-aware queue (DLQ redrive). */
  readonly operators: readonly string[];
  readonly defaults: {
    readonly function?: FunctionSettingsSpec;
    readonly queue?: QueueSettingsSpec;
    readonly consumer?: { readonly idempotencyWindowSeconds?: number };
  };
  /** The stack's idempotency table, shared by consumers; each reaches only its own keys. */
  readonly idempotencyTable: ResourceRef;
  /** Shard assignments from the lock file beside the spec, by pattern. */
  readonly shardLocks: Readonly<Record<string, PatternLock>>;
  /** The spec file as the user names it, for messages that tell them what to run. */
  readonly specFile: string;
  /** The pattern being resolved. */
  readonly pattern: string;
  readonly source: SpecPath;
}

/** Name parts every resource of a pattern starts with. */
export function namePrefix(ctx: PatternContext): string[] {
  return [ctx.service, ctx.environment, ctx.pattern];
}

export function patternTags(ctx: PatternContext, extra: Record<string, string> = {}): Tags {
  return { "bulkhead:pattern": ctx.pattern, ...extra };
}
