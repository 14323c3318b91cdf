import type { SQSRecord } from "aws-lambda";
import { ConsumerConfigError } from "../consuming/errors.js";
import type { TenancyConfig } from "../consuming/config.js";
import { checkRoutingTable, type RoutingTable } from "../producing/routing-table.js";
import { TENANT_ATTRIBUTE } from "../shared/attributes.js";

/** A record checked against the tenants its queue serves. */
export interface TenantCheck {
  /** The queue it came from: the last segment of its event source ARN. */
  queueName: string;
  tenant?: string;
  /** Why it must not run (the `bulkhead-rejected` value); absent when its queue serves its tenant. */
  rejected?: string;
  /**
   * Why it must neither run nor be dead-lettered, but be retried: its tenant is not in the routing
   * table this function was bundled with at all (see shardedServes).
   */
  retry?: string;
}

/** Throws when the record cannot be checked at all (a queue the routing table does not know). */
export type TenantRule = (record: SQSRecord) => TenantCheck;

/** `unknown`: the tenant is not in the table at all, so whether the queue serves it cannot be told yet. */
type Verdict = "served" | "not served" | "unknown";
type Serves = (queueName: string, tenant: string) => Verdict;

/**
 * The rule for a tenant-aware consumer. A shuffle-sharded consumer's routing table is imported
 * only here, on the first batch: the virtual module it reads exists only in a bundle, so
 * consumers without a routing table (and tests, which pass `table`) never touch it.
 */
export async function loadTenantRule(tenancy: TenancyConfig, table?: RoutingTable): Promise<TenantRule> {
  if (tenancy.kind === "isolated") {
    if (table !== undefined) throw new ConsumerConfigError("a routing table was given, but this function serves one tenant (BULKHEAD_TENANT), not a sharded pattern");
    return tenantRule((_queue, tenant) => (tenant === tenancy.tenant ? "served" : "not served"));
  }
  const { pattern } = tenancy;
  const checked = table === undefined ? await bundledTable(pattern) : checkRoutingTable(table, "the tenancyTable option");
  if (checked.pattern !== pattern) throw new ConsumerConfigError(`the routing table given is pattern "${checked.pattern}"'s, but BULKHEAD_TENANCY_PATTERN is "${pattern}"`);
  return tenantRule(shardedServes(checked));
}

async function bundledTable(pattern: string): Promise<RoutingTable> {
  const { bundledRoutingTable } = await import("../producing/bundled-routing-tables.js");
  try {
    return bundledRoutingTable(pattern);
  } catch (error) {
    // The synthesizer bundles the table into every consumer of the pattern; without it, this is not that bundle.
    throw new ConsumerConfigError(`BULKHEAD_TENANCY_PATTERN is "${pattern}", but this function's bundle does not carry a usable routing table for it: ${(error as Error).message}`, { cause: error });
  }
}

function tenantRule(serves: Serves): TenantRule {
  return (record) => {
    const queueName = record.eventSourceARN.split(":").at(-1)!;
    const tenant = record.messageAttributes?.[TENANT_ATTRIBUTE]?.stringValue;
    if (tenant === undefined) return { queueName, rejected: `tenant-missing: the message has no "${TENANT_ATTRIBUTE}" attribute` };
    const verdict = serves(queueName, tenant);
    if (verdict === "unknown") return { queueName, tenant, retry: `tenant "${tenant}" is not in the routing table this function was bundled with` };
    if (verdict === "not served") return { queueName, tenant, rejected: `tenant-mismatch: tenant "${tenant}" is not served by queue ${queueName}` };
    return { queueName, tenant };
  };
}

/**
 * A shard queue serves the tenants whose shard indexes include its own. Maps, so a tenant named
 * "toString" is just unknown.
 *
 * Two cases are a stale bundle rather than a misrouted message, and are retried, not dead-lettered:
 * - A queue the table does not have (an old bundle, or the wrong pattern's): dead-lettering would
 *   empty the whole queue into its DLQ on the first batch. Retried, the messages wait for a fixed
 *   deployment only until their maxReceiveCount runs out; then SQS moves them to the DLQ as well,
 *   from where they can be redriven once the code is right.
 * - A tenant the table does not have at all: adding a tenant updates the queue policy and the
 *   published table (so routers and producers outside the service) before this function's code, and
 *   only senders tagged with a tenant the shard serves, or trusted routers, get past the queue
 *   policy. Its first messages are retried until the new code takes over. A tenant the table has,
 *   on other shards, is a mismatch: dead-lettered at once.
 */
function shardedServes(table: RoutingTable): Serves {
  const shardOf = new Map(table.queues.map((name, shard) => [name, shard]));
  const shardsOf = new Map(Object.entries(table.tenants).map(([tenant, shards]) => [tenant, new Set(shards)]));
  return (queueName, tenant) => {
    const shard = shardOf.get(queueName);
    if (shard === undefined) throw new Error(`queue ${queueName} is not in the routing table of pattern "${table.pattern}"; cannot tell which tenants it serves`);
    const shards = shardsOf.get(tenant);
    if (shards === undefined) return "unknown";
    return shards.has(shard) ? "served" : "not served";
  };
}
