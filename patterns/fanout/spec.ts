import { z } from "zod";
import { AWS_LIMITS } from "../model/limits.js";
import { consumer, positiveInt, principalArn, resourceKey } from "../spec/common.js";

/** SNS filter policy values: a list of exact values or operator objects, or a nested policy. */
const filterPolicyNode: z.ZodType<Record<string, unknown>> = z.lazy(() =>
  z.record(z.string(), z.union([z.array(z.unknown()).min(1), filterPolicyNode])),
);

/** The keys that hold value lists (nested body policies count their leaves), with each list's length. */
export function filterPolicyLeaves(policy: Record<string, unknown>, prefix = ""): { key: string; values: number }[] {
  return Object.entries(policy).flatMap(([key, value]) =>
    Array.isArray(value)
      ? [{ key: `${prefix}${key}`, values: value.length }]
      : filterPolicyLeaves(value as Record<string, unknown>, `${prefix}${key}.`),
  );
}

/** SNS rejects a subscription whose policy has more than 5 keys or 150 value combinations. */
const filterPolicy = filterPolicyNode.superRefine((policy, ctx) => {
  const leaves = filterPolicyLeaves(policy);
  if (leaves.length > AWS_LIMITS.snsFilterPolicyMaxKeys) {
    ctx.addIssue({
      code: "custom",
      input: policy,
      message: `must have at most ${AWS_LIMITS.snsFilterPolicyMaxKeys} keys (SNS limit), got ${leaves.length}: ${leaves.map((l) => l.key).join(", ")}`,
    });
  }
  const combinations = leaves.reduce((product, l) => product * l.values, 1);
  if (combinations > AWS_LIMITS.snsFilterPolicyMaxCombinations) {
    ctx.addIssue({
      code: "custom",
      input: policy,
      message: `must allow at most ${AWS_LIMITS.snsFilterPolicyMaxCombinations} combinations of values (SNS limit), got ${combinations} (${leaves.map((l) => l.values).join(" x ")})`,
    });
  }
});

const subscriber = consumer.extend({
  filter: filterPolicy.optional().describe("SNS filter policy"),
  filterScope: z.enum(["attributes", "body"]).optional().describe("what the filter matches (default attributes)"),
  rawMessageDelivery: z
    .boolean()
    .optional()
    .describe("deliver the bare message (default true); false delivers the SNS envelope, which the runtime unwraps"),
});

export const fanoutSpec = z
  .strictObject({
    type: z.literal("fanout"),
    fifo: z.boolean().optional().describe("FIFO topic; FIFO topics only feed FIFO queues"),
    maxPayloadBytes: positiveInt.optional().describe("largest message a publisher sends (default 65536)"),
    externalPublishers: z
      .array(principalArn)
      .min(1)
      .optional()
      .describe("roles outside the service that may publish; the topic denies everyone else but the service's own senders"),
    subscribers: z.record(resourceKey, subscriber).refine((s) => Object.keys(s).length > 0, "expected at least one subscriber"),
  })
  .describe("An SNS topic fanned out to one resilient queue and consumer per subscriber");

export type FanoutSpec = z.infer<typeof fanoutSpec>;
export type SubscriberSpec = z.infer<typeof subscriber>;
