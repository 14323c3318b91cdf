import { RoutingTableError, type RoutingTable } from "./routing-table.js";
import { createShardRouter, type ShardBatchEntry, type ShardRouterOptions, type ShardSendOptions, type ShardSendResult } from "./shard-router.js";
import { UnknownTenantError } from "./shard-router-errors.js";

export type TenantRouterOptions = ShardRouterOptions;

/**
 * Sends to the silos of a tenant-isolated-function pattern: each tenant's messages go to its own
 * queue, where only its own function, with its own concurrency and role, runs them. Results and
 * errors are the shard router's; `shard` is the queue's index in the table.
 */
export interface TenantRouter {
  readonly pattern: string;
  /** The name of the tenant's queue; throws UnknownTenantError for a tenant the pattern has no silo for. */
  queueFor(tenant: string): string;
  /** Sends the payload as JSON to the tenant's queue, with the `tenant` and `bulkhead-message-id` attributes. */
  send(tenant: string, payload: unknown, options: ShardSendOptions): Promise<ShardSendResult>;
  /** Sends many messages of one tenant with SendMessageBatch; throws ShardBatchSendError listing what was and was not sent. */
  sendBatch(tenant: string, entries: readonly ShardBatchEntry[]): Promise<ShardSendResult[]>;
}

/**
 * A tenant-isolated pattern's table has the sharded pattern's shape with one queue per tenant, so
 * the shard router does the sending; this checks the table really is that, since a second queue
 * (or a shared one) would spread a tenant over silos that are not its own.
 */
export function createTenantRouter(table: RoutingTable, options: TenantRouterOptions = {}): TenantRouter {
  const queueOf = new Map(checkedSilos(table).map(([tenant, shard]) => [tenant, table.queues[shard]!]));
  const router = createShardRouter(table, options);
  return {
    pattern: table.pattern,
    queueFor(tenant) {
      const queue = queueOf.get(tenant);
      if (queue === undefined) throw new UnknownTenantError(tenant, table.pattern);
      return queue;
    },
    send: (tenant, payload, sendOptions) => router.send(tenant, payload, sendOptions),
    sendBatch: (tenant, entries) => router.sendBatch(tenant, entries),
  };
}

function checkedSilos(table: RoutingTable): [tenant: string, queue: number][] {
  const problems: string[] = [];
  const ownerOf = new Map<number, string>();
  const silos = Object.entries(table.tenants).flatMap(([tenant, queues]): [string, number][] => {
    if (queues.length !== 1) {
      problems.push(`tenant "${tenant}" has ${queues.length} queues`);
      return [];
    }
    const owner = ownerOf.get(queues[0]!);
    if (owner !== undefined) problems.push(`tenants "${owner}" and "${tenant}" share queue ${table.queues[queues[0]!]}`);
    ownerOf.set(queues[0]!, tenant);
    return [[tenant, queues[0]!]];
  });
  if (problems.length > 0) {
    throw new RoutingTableError(`routing table of pattern "${table.pattern}" is not a tenant-isolated one (exactly one queue per tenant, of its own): ${problems.join("; ")}`);
  }
  return silos;
}
