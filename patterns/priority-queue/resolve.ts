import { metricsNamespace } from "../model/consumer-function.js";
import { namePrefix, patternTags, type PatternContext } from "../model/context.js";
import { DEFAULTS } from "../model/defaults.js";
import { AWS_LIMITS, PRIORITY_ATTRIBUTES_BYTES } from "../model/limits.js";
import type { ModelPart } from "../model/part.js";
import { resolveQueueConsumer } from "../model/queue-consumer.js";
import type { FunctionModel, ResourceRef, SpecPath } from "../model/types.js";
import { laneEnvironment, priorityQueueVariable, type PriorityQueueSettings } from "./settings.js";
import type { PriorityLane, PriorityQueueSpec } from "./spec.js";
import type { ConsumerSpec } from "../spec/common.js";

interface Lane {
  readonly lane: PriorityLane;
  readonly spec: ConsumerSpec;
  readonly source: SpecPath;
}

/**
 * One resilient queue and one bounded consumer per lane, so a flood in one lane cannot take
 * another's capacity. High (and surge) consumers move work older than `deferAfterSeconds` to the
 * low lane unrun; every lane drops work older than `expireAfterSeconds`, counted and alarmed.
 * The lanes share one idempotency scope: a message deferred after it already ran in the high
 * lane (its acknowledgement lost) is a duplicate in the low lane, so work runs once overall.
 */
export function resolvePriorityQueue(ctx: PatternContext, spec: PriorityQueueSpec): ModelPart {
  const lanes: Lane[] = [
    { lane: "high", spec: spec.consumers.high, source: [...ctx.source, "consumers", "high"] },
    { lane: "low", spec: spec.consumers.low, source: [...ctx.source, "consumers", "low"] },
    ...(spec.surge ? [{ lane: "surge" as const, spec: spec.surge.consumer, source: [...ctx.source, "surge", "consumer"] }] : []),
  ];
  const ref = (lane: PriorityLane): ResourceRef => ({ kind: "queue", id: `${ctx.pattern}-${lane}` });
  const idempotency = laneIdempotency(ctx, spec);
  const resolved = lanes.map((lane) => ({
    lane: lane.lane,
    ...resolveQueueConsumer(ctx, {
      id: ref(lane.lane).id,
      nameParts: [...namePrefix(ctx), lane.lane],
      spec: lane.spec,
      fifo: false,
      messageFormat: "raw",
      producers: [],
      idempotency,
      tags: patternTags(ctx, { "bulkhead:lane": lane.lane }),
      source: lane.source,
    }),
  }));
  const queueName = (lane: PriorityLane) => resolved.find((r) => r.lane === lane)!.queues[0]!.name;
  const settings: PriorityQueueSettings = {
    pattern: ctx.pattern,
    lanes: { high: queueName("high"), low: queueName("low"), ...(spec.surge ? { surge: queueName("surge") } : {}) },
    ...(spec.surge ? { surgeWhenBacklogOver: spec.surge.whenBacklogOver } : {}),
  };
  const payload = { bytes: spec.maxPayloadBytes ?? DEFAULTS.maxPayloadBytes, patternAttributeBytes: PRIORITY_ATTRIBUTES_BYTES, source: [...ctx.source, "maxPayloadBytes"] };
  const queues = resolved.flatMap(({ lane, queues: laneQueues }) =>
    laneQueues.map((q) => ({
      ...q,
      declaredPayload: payload,
      priorityLane: {
        pattern: ctx.pattern,
        lane,
        expireAfterSeconds: spec.expireAfterSeconds,
        ...(lane !== "low" ? { deferAfterSeconds: spec.deferAfterSeconds, deferTo: ref("low") } : {}),
        source: ctx.source,
      },
    })),
  );
  const functions = resolved.map(({ lane, fn }) => {
    const defers = lane !== "low";
    const environment = laneEnvironment({
      lane,
      expireAfterSeconds: spec.expireAfterSeconds,
      ...(defers ? { deferAfterSeconds: spec.deferAfterSeconds, deferTo: settings.lanes.low } : {}),
    });
    return laneFunction(ctx, { ...fn, environment: { ...fn.environment, ...environment } }, defers ? ref("low") : undefined);
  });

  return {
    queues,
    functions,
    ingress: {
      targets: lanes.map((l) => ref(l.lane)),
      actions: ["sqs:GetQueueUrl", "sqs:SendMessage"],
      routed: false,
      environment: { [priorityQueueVariable(ctx.pattern)]: JSON.stringify(settings) },
      // Producers read the high lane's backlog to decide when new work goes to the surge lane.
      ...(spec.surge ? { observe: { targets: [ref("high")], actions: ["sqs:GetQueueAttributes"] } } : {}),
    },
  };
}

/**
 * The lanes' shared idempotency keys. `@` cannot be in a function name, so no function's own
 * keys (`<function name>#…`) can fall inside the scope. Keys are remembered until any copy of the
 * work could still arrive: until it expires, plus the longest it can be in flight after the last
 * age check (SQS's largest visibility timeout).
 */
function laneIdempotency(ctx: PatternContext, spec: PriorityQueueSpec) {
  return {
    prefix: `${namePrefix(ctx).join("-")}@lanes`,
    ttlSeconds: Math.max(DEFAULTS.idempotency.ttlSeconds, spec.expireAfterSeconds + AWS_LIMITS.sqsMaxVisibilityTimeoutSeconds),
  };
}

/** A lane's consumer: the deferral send (high and surge), and the expiry alarm. */
function laneFunction(ctx: PatternContext, fn: FunctionModel, deferTo: ResourceRef | undefined): FunctionModel {
  return {
    ...fn,
    statements: deferTo ? [...fn.statements, { sid: "DeferToLowLane", actions: ["sqs:GetQueueUrl", "sqs:SendMessage"], resources: [deferTo] }] : fn.statements,
    feeds: deferTo ? [...fn.feeds, deferTo] : fn.feeds,
    metricAlarms: [
      ...fn.metricAlarms,
      {
        id: "expired",
        namespace: metricsNamespace(ctx),
        metricName: "expired",
        dimensions: { service: ctx.service, function: fn.name },
        statistic: "Sum",
        threshold: 1,
        periodSeconds: DEFAULTS.alarms.periodSeconds,
        description: `${fn.name} dropped work older than its priority queue's expireAfterSeconds, unrun: the lanes do not keep up.`,
      },
    ],
  };
}
