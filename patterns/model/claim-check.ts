import { DEFAULTS } from "./defaults.js";
import { directBudget, tightest, topicBudgets, type HopBudget } from "./payload-budget.js";
import { bucketNamePrefix } from "./naming.js";
import type { BucketModel, FunctionModel, PolicyStatement, QueueModel, ResourceRef, SubscriptionModel, TopicModel } from "./types.js";

/** A pattern whose declared payload some hop cannot carry: producers send bodies over the threshold by reference. */
export interface ClaimCheckPlan {
  readonly pattern: string;
  /** The tightest hop's budget: a body over it is stored in the bucket and a pointer sent. */
  readonly thresholdBytes: number;
  readonly hop: HopBudget;
}

export const CLAIM_CHECK_BUCKET: ResourceRef = { kind: "bucket", id: "claim-check" };

/** Patterns whose declared payload exceeds a hop on its way: fan-outs (publish and every delivery) and direct queues. */
export function claimCheckPlans(topics: readonly TopicModel[], subscriptions: readonly SubscriptionModel[], queues: readonly QueueModel[]): ClaimCheckPlan[] {
  const plans: ClaimCheckPlan[] = [];
  for (const topic of topics) {
    const hop = tightest(topicBudgets(topic, subscriptions, queues));
    if (topic.maxPayloadBytes > hop.payloadBytes) plans.push({ pattern: topic.id, thresholdBytes: hop.payloadBytes, hop });
  }
  const direct = new Map<string, QueueModel[]>();
  for (const q of queues) if (q.declaredPayload) direct.set(q.pattern, [...(direct.get(q.pattern) ?? []), q]);
  for (const [pattern, patternQueues] of direct) {
    const declared = patternQueues[0]!.declaredPayload!;
    const hop = tightest(patternQueues.map((q) => directBudget(q, declared.patternAttributeBytes)));
    if (declared.bytes > hop.payloadBytes) plans.push({ pattern, thresholdBytes: hop.payloadBytes, hop });
  }
  return plans;
}

/**
 * The bucket pointers lead to: private, encrypted, TLS-only, unversioned (a key is written once
 * per message), its objects expiring only once no message can still point to them: the longest
 * retention of the patterns' queues plus their DLQ's, and a day for S3's rounding to midnight.
 */
export function claimCheckBucket(service: string, environment: string, plans: readonly ClaimCheckPlan[], queues: readonly QueueModel[]): BucketModel {
  const lifetimes = queues.filter((q) => plans.some((p) => q.pattern === p.pattern)).map((q) => q.messageRetentionSeconds + (q.deadLetterQueue?.messageRetentionSeconds ?? 0));
  const longest = lifetimes.length > 0 ? Math.max(...lifetimes) : DEFAULTS.queue.messageRetentionSeconds + DEFAULTS.queue.deadLetterRetentionSeconds;
  return {
    id: CLAIM_CHECK_BUCKET.id,
    namePrefix: bucketNamePrefix([service, environment, "claims"]),
    versioned: false,
    expireAfterDays: Math.ceil(longest / 86_400) + 1,
    tags: { "bulkhead:pattern": "claim-check" },
  };
}

/**
 * Each sender of a planned pattern may put objects under the pattern's prefix and learns the
 * threshold; each consumer of its queues may get them. Nobody may list or delete.
 */
export function withClaimCheck(fn: FunctionModel, plans: readonly ClaimCheckPlan[], patternOf: (queue: ResourceRef) => string | undefined): FunctionModel {
  const sends = plans.filter((p) => fn.sendsTo.includes(p.pattern));
  const consumes = plans.filter((p) => fn.eventSources.some((e) => patternOf(e.queue) === p.pattern));
  if (sends.length === 0 && consumes.length === 0) return fn;
  const objects = (ps: readonly ClaimCheckPlan[]): ResourceRef[] => ps.map((p) => ({ ...CLAIM_CHECK_BUCKET, objects: `${p.pattern}/*` }));
  const statements: PolicyStatement[] = [
    ...(sends.length > 0 ? [{ sid: "ClaimCheckPut", actions: ["s3:PutObject"], resources: objects(sends) }] : []),
    ...(consumes.length > 0 ? [{ sid: "ClaimCheckGet", actions: ["s3:GetObject"], resources: objects(consumes) }] : []),
  ];
  return {
    ...fn,
    statements: [...fn.statements, ...statements],
    environment: {
      ...fn.environment,
      BULKHEAD_CLAIM_CHECK_BUCKET: CLAIM_CHECK_BUCKET,
      ...Object.fromEntries(sends.map((p) => [claimCheckThresholdVariable(p.pattern), String(p.thresholdBytes)])),
    },
  };
}

/** `order-events` gives `BULKHEAD_CLAIM_CHECK_THRESHOLD_ORDER_EVENTS`, as the runtime reads it. */
export function claimCheckThresholdVariable(pattern: string): string {
  return `BULKHEAD_CLAIM_CHECK_THRESHOLD_${pattern.toUpperCase().replace(/-/g, "_")}`;
}
