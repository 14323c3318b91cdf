import { assignStateless } from "./assignment-stateless.js";
import type { PatternLock } from "./assignment-types.js";
import { assignmentStats, type AssignmentStats } from "./report-stats.js";

/** The locked assignment next to Infima-style stateless hashing of the same tenants. */
export interface ShardingReport {
  readonly assigned: AssignmentStats;
  readonly stateless: AssignmentStats;
}

export function buildReport(lock: PatternLock): ShardingReport {
  const tenants = Object.keys(lock.assignments);
  return {
    assigned: assignmentStats(lock.assignments, lock.n, lock.k),
    stateless: assignmentStats(assignStateless(tenants, lock.n, lock.k), lock.n, lock.k),
  };
}

/** A small text table: one row per measure, the assignment and the stateless baseline side by side. */
export function formatReport(report: ShardingReport): string {
  const { assigned, stateless } = report;
  const rows: [string, string, string][] = [
    ["", "assigned", "stateless hash"],
    ...measure("tenants per shard (min / mean / max)", (stats) => {
      const { min, mean, max } = stats.tenantsPerShard;
      return `${min} / ${round(mean)} / ${max}`;
    }),
    ...measure("load spread (max − min)", (stats) => `${stats.tenantsPerShard.max - stats.tenantsPerShard.min}`),
    ...measure("max pairwise overlap", (stats) => `${stats.maxPairwiseOverlap}`),
    ...measure("tenants sharing their whole set", (stats) => `${stats.tenantsSharingWholeSet}`),
    ...overlapRows(assigned, stateless),
    ...measure("flood one tenant: others losing all (worst / mean)", (stats) => spread(stats.blastRadius.loseAll)),
    ...measure("flood one tenant: others losing some (worst / mean)", (stats) => spread(stats.blastRadius.loseSome)),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const heading =
    `${assigned.tenants} tenants, n=${assigned.n} shards, k=${assigned.k} per tenant, ` +
    `C(n,k)=${assigned.distinctSets} distinct sets`;
  const table = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd());
  return [heading, ...table].join("\n") + "\n";

  function measure(label: string, show: (stats: AssignmentStats) => string): [string, string, string][] {
    return [[label, show(assigned), show(stateless)]];
  }
}

/** Pairs sharing 1..k shards; pairs sharing none are the rest of C(T, 2). */
function overlapRows(assigned: AssignmentStats, stateless: AssignmentStats): [string, string, string][] {
  return Array.from({ length: assigned.k }, (_, i) => assigned.k - i).map((shared) => [
    `tenant pairs sharing ${shared} shard${shared === 1 ? "" : "s"}`,
    `${assigned.pairsByOverlap[shared]}`,
    `${stateless.pairsByOverlap[shared]}`,
  ]);
}

function spread(values: { worst: number; mean: number }): string {
  return `${values.worst} / ${round(values.mean)}`;
}

function round(value: number): string {
  return value.toFixed(2).replace(/\.?0+$/, "");
}
