import type { Consumer } from "../service-case.js";
import { siloConsumer } from "./consumer-settings.js";
import { lanesOf } from "./priority-queue.js";
import { namePrefix, type StackContext } from "./stack-context.js";

/** One Lambda function of the service, named as the stack names it. */
export interface ServiceFunction {
  readonly name: string;
  /** The pattern it belongs to. */
  readonly pattern: string;
  readonly consumer: Consumer;
  /** The patterns whose routing tables go into its code: its own (a sharded consumer's), and the tenant-routed ones it sends to. */
  readonly routingTables: readonly string[];
  /** A silo's tenant, which its role is tagged with and sends as. */
  readonly tenant?: string;
}

/**
 * Every function of one environment, patterns in the spec's order: the order in which a
 * policy lists the senders it trusts. Built before the stack, to bundle the code.
 */
export function serviceFunctions(ctx: Pick<StackContext, "service" | "env">): ServiceFunction[] {
  const { service } = ctx;
  const routed = (pattern: string) => pattern in service.shardedQueues || pattern in service.tenantSilos;
  return service.patternOrder.flatMap((pattern) => {
    const fn = (name: string, consumer: Consumer, own?: string, tenant?: string): ServiceFunction => {
      const tables = new Set([...(own ? [own] : []), ...(consumer.sendsTo ?? []).filter(routed)]);
      // A bundle holds its tables in the spec's order, whatever the order of sendsTo.
      return { name, pattern, consumer, routingTables: service.patternOrder.filter((p) => tables.has(p)), ...(tenant === undefined ? {} : { tenant }) };
    };
    const prefix = namePrefix(ctx, pattern);
    const fanout = service.fanouts[pattern];
    if (fanout) return Object.entries(fanout.subscribers).map(([subscriber, s]) => fn(`${prefix}-${subscriber}`, s));
    const sharded = service.shardedQueues[pattern];
    if (sharded) return [fn(prefix, sharded.consumer, pattern)];
    const priority = service.priorityQueues[pattern];
    if (priority) return lanesOf(priority).map(({ lane, consumer }) => fn(`${prefix}-${lane}`, consumer));
    const silos = service.tenantSilos[pattern]!;
    return silos.tenants.map((tenant) => fn(`${prefix}-${tenant}`, siloConsumer(silos, tenant), undefined, tenant));
  });
}
