/** Tenant id → its shard set: sorted, distinct shard indexes in [0, n). */
export type ShardAssignments = Readonly<Record<string, readonly number[]>>;

/** What the spec asks of one shuffle-sharded-queue pattern. */
export interface ShardingInput {
  /** n: queues behind the router. */
  readonly shards: number;
  /** k: queues each tenant gets, at least 2. */
  readonly shardsPerTenant: number;
  readonly tenants: readonly string[];
  /** Hard bound: no two tenants share more than this many shards. */
  readonly maxOverlap?: number;
}

/** One pattern's entry in the lock file: the parameters it was assigned with and the result. */
export interface PatternLock {
  readonly n: number;
  readonly k: number;
  readonly maxOverlap: number | null;
  readonly assignments: ShardAssignments;
}
