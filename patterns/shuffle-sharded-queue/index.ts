import type { Pattern } from "../pattern.js";
import { resolveShuffleShardedQueue } from "./resolve.js";
import { shuffleShardedQueueSpec, type ShuffleShardedQueueSpec } from "./spec.js";

export const shuffleShardedQueue: Pattern<ShuffleShardedQueueSpec> = {
  type: "shuffle-sharded-queue",
  spec: shuffleShardedQueueSpec,
  resolve: resolveShuffleShardedQueue,
};
