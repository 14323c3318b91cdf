import { fanout } from "./fanout/index.js";
import type { Pattern } from "./pattern.js";
import { priorityQueue } from "./priority-queue/index.js";
import { shuffleShardedQueue } from "./shuffle-sharded-queue/index.js";
import { tenantIsolatedFunction } from "./tenant-isolated-function/index.js";

/** Every pattern bulkhead knows; adding one is its folder and one line here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const patternRegistry: readonly Pattern<any>[] = [fanout, shuffleShardedQueue, priorityQueue, tenantIsolatedFunction];

export function patternFor(type: string): Pattern<unknown> {
  const found = patternRegistry.find((p) => p.type === type);
  if (!found) throw new Error(`unknown pattern type ${type}`);
  return found;
}
