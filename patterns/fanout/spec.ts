import { z } from "zod";
import { consumer, positiveInt, resourceKey } from "../spec/common.js";

/** SNS filter policy values: a list of exact values or operator objects, or a nested policy. */
const filterPolicy: z.ZodType<Record<string, unknown>> = z.lazy(() =>
  z.record(z.string(), z.union([z.array(z.unknown()).min(1), filterPolicy])),
);

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
    subscribers: z.record(resourceKey, subscriber).refine((s) => Object.keys(s).length > 0, "expected at least one subscriber"),
  })
  .describe("An SNS topic fanned out to one resilient queue and consumer per subscriber");

export type FanoutSpec = z.infer<typeof fanoutSpec>;
export type SubscriberSpec = z.infer<typeof subscriber>;
