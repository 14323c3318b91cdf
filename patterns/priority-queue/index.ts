import type { Pattern } from "../pattern.js";
import { resolvePriorityQueue } from "./resolve.js";
import { priorityQueueSpec, type PriorityQueueSpec } from "./spec.js";

export const priorityQueue: Pattern<PriorityQueueSpec> = {
  type: "priority-queue",
  spec: priorityQueueSpec,
  resolve: resolvePriorityQueue,
};
