/**
 * Time to assign 10,000 tenants, against the stateless hash assignment
 * (Infima-style, no overlap guarantee) of the same tenants in the same run.
 * Run alone with `npx tsx bench/assignment.ts`; bench/run.ts calls runAssignmentBench().
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { assignTenants } from "../patterns/shuffle-sharded-queue/assignment.js";
import { assignStateless } from "../patterns/shuffle-sharded-queue/assignment-stateless.js";
import type { ShardingInput } from "../patterns/shuffle-sharded-queue/assignment-types.js";
import { assignmentStats } from "../patterns/shuffle-sharded-queue/report-stats.js";
import { ms, ratio, table } from "./print-table.js";

export interface Row {
  readonly case: string;
  readonly tenants: number;
  /** Median wall time of `assignTenants` from an empty lock. */
  readonly assignMs: number;
  /** Median wall time of hashing the same tenants to random sets. */
  readonly statelessMs: number;
  /** assignMs / statelessMs. */
  readonly ratio: number;
  /** max − min tenants per shard of the assignment. */
  readonly loadSpread: number;
}

const RUNS = 3;
const TENANTS = 10_000;

interface BenchCase {
  readonly name: string;
  readonly input: ShardingInput;
}

function benchCases(): BenchCase[] {
  const tenants = (count: number) => Array.from({ length: count }, (_, i) => `tenant-${String(i).padStart(5, "0")}`);
  return [
    { name: "n=64 k=4", input: { shards: 64, shardsPerTenant: 4, tenants: tenants(TENANTS) } },
    { name: "n=8 k=2 (C=28, heavy reuse)", input: { shards: 8, shardsPerTenant: 2, tenants: tenants(TENANTS) } },
    { name: "n=64 k=4 maxOverlap=3", input: { shards: 64, shardsPerTenant: 4, maxOverlap: 3, tenants: tenants(TENANTS) } },
    // m=2 on 64 shards fits at most 10,416 tenants (Johnson bound); greedy places about 8,700, so 8,000 here.
    { name: "n=64 k=4 maxOverlap=2", input: { shards: 64, shardsPerTenant: 4, maxOverlap: 2, tenants: tenants(8_000) } },
    { name: "n=96 k=4 maxOverlap=2", input: { shards: 96, shardsPerTenant: 4, maxOverlap: 2, tenants: tenants(TENANTS) } },
  ];
}

export async function runAssignmentBench(): Promise<Row[]> {
  const cases = benchCases();
  // One small pass first so the JIT has compiled the hot paths before timing.
  assignTenants({ ...cases[0].input, tenants: cases[0].input.tenants.slice(0, 500) }, undefined);
  return cases.map(({ name, input }) => {
    const { n, k } = { n: input.shards, k: input.shardsPerTenant };
    const lock = assignTenants(input, undefined);
    const assignMs = medianMs(() => assignTenants(input, undefined));
    const statelessMs = medianMs(() => assignStateless(input.tenants, n, k));
    const { min, max } = assignmentStats(lock.assignments, n, k).tenantsPerShard;
    return {
      case: name,
      tenants: input.tenants.length,
      assignMs,
      statelessMs,
      ratio: assignMs / statelessMs,
      loadSpread: max - min,
    };
  });
}

function medianMs(run: () => unknown): number {
  const times = Array.from({ length: RUNS }, () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  });
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

function formatRows(rows: readonly Row[]): string {
  return table(
    ["case", "tenants", "assign ms", "stateless ms", "assign / stateless", "load spread"],
    rows.map((row) => [
      row.case,
      String(row.tenants),
      ms(row.assignMs),
      row.statelessMs.toFixed(1),
      ratio(row.assignMs, row.statelessMs),
      String(row.loadSpread),
    ]),
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatRows(await runAssignmentBench()));
}
