import type { ConsumerSpec, QueueSettingsSpec } from "../spec/common.js";
import { resolveConsumerFunction, type ConsumerTenancy, type IdempotencyScope, type MessageFormat } from "./consumer-function.js";
import type { PatternContext } from "./context.js";
import { DEFAULTS } from "./defaults.js";
import { resolveResilientQueue } from "./resilient-queue.js";
import { inheritedOrigin, settingOrigin } from "./setting-origin.js";
import type { FunctionModel, Producer, QueueModel, QueueSetting, SettingPaths, SpecPath, Tags } from "./types.js";

export interface QueueSlot {
  readonly id: string;
  readonly nameParts: readonly string[];
  readonly tags: Tags;
}

export interface QueueConsumerOptions {
  readonly id: string;
  readonly nameParts: readonly string[];
  readonly spec: ConsumerSpec;
  readonly fifo: boolean;
  readonly messageFormat: MessageFormat;
  readonly producers: readonly Producer[];
  readonly deadLetterProducers?: readonly Producer[];
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  readonly idempotency?: IdempotencyScope;
  readonly tenancy?: ConsumerTenancy;
  /** Several queues for one function (shards); by default one queue named like the function. */
  readonly queues?: readonly QueueSlot[];
  readonly maxConcurrencyPerQueue?: { readonly value: number; readonly path: SpecPath };
  readonly tags: Tags;
  readonly source: SpecPath;
}

/**
 * Visibility timeout from the function timeout: six times it plus the batching
 * window, so a message is not redelivered while a slow, retried batch still holds it.
 */
export function derivedVisibilityTimeout(timeoutSeconds: number, batchingWindowSeconds: number): number {
  return DEFAULTS.visibilityTimeoutMultiplier * timeoutSeconds + batchingWindowSeconds;
}

/** The unit every pattern is built from: resilient queues and the function that consumes them. */
export function resolveQueueConsumer(ctx: PatternContext, o: QueueConsumerOptions): { queues: QueueModel[]; fn: FunctionModel } {
  const slots = o.queues ?? [{ id: o.id, nameParts: o.nameParts, tags: o.tags }];
  const settings = { ...ctx.defaults.queue, ...o.spec.queue };
  const fn = resolveConsumerFunction(ctx, {
    id: o.id,
    nameParts: o.nameParts,
    spec: o.spec,
    queues: slots.map((slot) => ({ kind: "queue", id: slot.id })),
    maxConcurrencyPerQueue: o.maxConcurrencyPerQueue,
    fifo: o.fifo,
    messageFormat: o.messageFormat,
    extraEnvironment: o.extraEnvironment,
    idempotency: o.idempotency,
    messageLifetimeSeconds: (settings.messageRetentionSeconds ?? DEFAULTS.queue.messageRetentionSeconds) + DEFAULTS.queue.deadLetterRetentionSeconds,
    tenancy: o.tenancy,
    tags: o.tags,
    source: o.source,
  });
  // Every event source of the function shares one batching window.
  const derived = derivedVisibilityTimeout(fn.timeoutSeconds, fn.eventSources[0]!.maximumBatchingWindowSeconds);
  const settingPaths = queueSettingPaths(ctx, o.spec, o.source);
  const queues = slots.map((slot) =>
    resolveResilientQueue({
      id: slot.id,
      pattern: ctx.pattern,
      nameParts: slot.nameParts,
      fifo: o.fifo,
      visibilityTimeoutSeconds: o.spec.visibilityTimeoutSeconds ?? derived,
      producers: o.producers,
      deadLetterProducers: o.deadLetterProducers ?? [],
      settings,
      tags: slot.tags,
      source: o.source,
      settingPaths,
    }),
  );
  return { queues, fn };
}

/** Where each queue setting is written: the consumer's `queue`, then `defaults.queue`, else the consumer. */
function queueSettingPaths(ctx: PatternContext, spec: ConsumerSpec, source: SpecPath): SettingPaths<QueueSetting> {
  const inherited = inheritedOrigin<QueueSettingsSpec>("queue", spec.queue ?? {}, ctx.defaults.queue ?? {}, source);
  return {
    visibilityTimeoutSeconds: settingOrigin([[spec.visibilityTimeoutSeconds, [...source, "visibilityTimeoutSeconds"]]], source),
    messageRetentionSeconds: inherited("messageRetentionSeconds"),
    maxReceiveCount: inherited("maxReceiveCount"),
    oldestMessageAlarmSeconds: inherited("oldestMessageAlarmSeconds"),
  };
}
