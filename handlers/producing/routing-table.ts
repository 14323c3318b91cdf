/**
 * Which shard queues each tenant of a shuffle-sharded-queue pattern owns, as the synthesizer writes
 * it: bundled into the service's own producers, published in SSM (or S3) for outside ones.
 */
export interface RoutingTable {
  version: 1;
  pattern: string;
  /** `queues[i]` is the name of shard i's queue; names, because the account id (part of a URL) is unknown at synth. */
  queues: string[];
  /** Tenant id → indexes into `queues`; each tenant keeps its shards for good. */
  tenants: Record<string, number[]>;
}

/** A routing table that cannot be used; the message names where it came from. */
export class RoutingTableError extends Error {
  override name = "RoutingTableError";
}

/** A table with thousands of tenants could have thousands of problems; the first few are enough to act on. */
const MAX_PROBLEMS_REPORTED = 5;

/** Parses and checks routing table JSON; `origin` (e.g. the SSM parameter name) goes into every error. */
export function parseRoutingTable(json: string, origin: string): RoutingTable {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new RoutingTableError(`routing table from ${origin} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return checkRoutingTable(value, origin);
}

/**
 * Checks an already-decoded routing table. Every problem is reported at once (up to a few), so a
 * bad table is fixed in one round.
 */
export function checkRoutingTable(value: unknown, origin: string): RoutingTable {
  if (!isRecord(value)) {
    throw new RoutingTableError(`routing table from ${origin} must be a JSON object, got ${describe(value)}`);
  }
  const problems: string[] = [];
  if (value.version !== 1) problems.push(`version must be 1, got ${describe(value.version)}`);
  if (typeof value.pattern !== "string" || value.pattern === "") {
    problems.push(`pattern must be a non-empty string, got ${describe(value.pattern)}`);
  }
  const queueCount = checkQueues(value.queues, problems);
  checkTenants(value.tenants, queueCount, problems);

  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_REPORTED);
    const more = problems.length - shown.length;
    throw new RoutingTableError(
      `routing table from ${origin} is invalid: ${shown.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`,
    );
  }
  return value as unknown as RoutingTable;
}

/** Returns how many shards there are, or undefined when `queues` is unusable (so shard indexes cannot be checked). */
function checkQueues(queues: unknown, problems: string[]): number | undefined {
  if (!Array.isArray(queues) || queues.length === 0) {
    problems.push(`queues must be a non-empty array of queue names, got ${describe(queues)}`);
    return undefined;
  }
  const seen = new Set<string>();
  queues.forEach((name, shard) => {
    if (typeof name !== "string" || name === "") {
      problems.push(`queues[${shard}] must be a non-empty queue name, got ${describe(name)}`);
    } else if (seen.has(name)) {
      problems.push(`queues[${shard}] repeats queue "${name}"`);
    }
    seen.add(name);
  });
  return queues.length;
}

function checkTenants(tenants: unknown, queueCount: number | undefined, problems: string[]): void {
  if (!isRecord(tenants)) {
    problems.push(`tenants must be an object of tenant → shard indexes, got ${describe(tenants)}`);
    return;
  }
  for (const [tenant, shards] of Object.entries(tenants)) {
    const where = `tenants["${tenant}"]`;
    if (!Array.isArray(shards) || shards.length === 0) {
      problems.push(`${where} must be a non-empty array of shard indexes, got ${describe(shards)}`);
      continue;
    }
    const seen = new Set<unknown>();
    for (const shard of shards) {
      if (!Number.isInteger(shard) || shard < 0 || (queueCount !== undefined && shard >= queueCount)) {
        const range = queueCount === undefined ? "a whole number ≥ 0" : `a whole number from 0 to ${queueCount - 1}`;
        problems.push(`${where} has shard ${describe(shard)}, expected ${range}`);
      } else if (seen.has(shard)) {
        problems.push(`${where} repeats shard ${shard}`);
      }
      seen.add(shard);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return JSON.stringify(value) ?? String(value);
}
