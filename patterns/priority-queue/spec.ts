import { z } from "zod";
import { consumer, positiveInt } from "../spec/common.js";

/** The lanes share one idempotency scope, remembered as long as their work can still run (see resolve.ts). */
const laneConsumer = consumer.omit({ idempotencyWindowSeconds: true });

export const PRIORITY_LANES = ["high", "low", "surge"] as const;
export type PriorityLane = (typeof PRIORITY_LANES)[number];

export const priorityQueueSpec = z
  .strictObject({
    type: z.literal("priority-queue"),
    deferAfterSeconds: positiveInt.describe("high-lane work older than this (since its first enqueue) moves to the low lane unrun"),
    expireAfterSeconds: positiveInt.describe("work older than this (since its first enqueue) is dropped and counted, in any lane"),
    fifo: z.boolean().optional().describe("not supported: order cannot hold across lanes"),
    maxPayloadBytes: positiveInt.optional().describe("largest message a producer sends (default 65536)"),
    consumers: z.strictObject({
      high: laneConsumer.describe("the lane new work goes to by default"),
      low: laneConsumer.describe("low-priority work, and high-lane work that waited past deferAfterSeconds"),
    }),
    surge: z
      .strictObject({
        whenBacklogOver: positiveInt.describe("visible messages in the high lane above which producers send new high-priority work here"),
        consumer: laneConsumer,
      })
      .optional()
      .describe("a third lane that takes new high-priority work while the high lane is backed up"),
  })
  .superRefine((spec, ctx) => {
    if (spec.fifo) {
      ctx.addIssue({
        code: "custom",
        path: ["fifo"],
        input: spec.fifo,
        message:
          "a priority queue cannot be FIFO: deferral moves a message to another lane, where it runs after messages of its group sent later; use a FIFO fanout for ordered work",
      });
    }
  })
  .describe("high and low lanes (and an optional surge lane), each with its own queue, DLQ and bounded consumer; aged work is deferred or expired");

export type PriorityQueueSpec = z.infer<typeof priorityQueueSpec>;
