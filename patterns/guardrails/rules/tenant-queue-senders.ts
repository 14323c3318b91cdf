import { siloTenant } from "../../model/consumer-function.js";
import type { FunctionModel, QueueModel } from "../../model/types.js";
import { finding, type Rule } from "../rule.js";

const name = "tenant-queue-senders";

/**
 * A tenant-aware queue without a sender policy lets any principal the account allows write into
 * any tenant's queue; a silo's queue that admits another tenant lets that tenant reach the silo.
 */
export const tenantQueueSenders: Rule = {
  name,
  why: "a tenant's queue open to every principal, or to another tenant, lets one tenant write into another's work",
  check(model) {
    return model.functions.flatMap((fn) => {
      if (!isTenantAware(fn)) return [];
      return fn.eventSources.flatMap(({ queue: ref }) => {
        const queue = model.queues.find((q) => q.id === ref.id);
        const problem = queue && senderProblem(fn, queue);
        return problem ? [finding(name, queue.source, `queue ${queue.name} ${problem}`)] : [];
      });
    });
  },
};

function isTenantAware(fn: FunctionModel): boolean {
  return fn.tenancy !== undefined;
}

function senderProblem(fn: FunctionModel, queue: QueueModel): string | undefined {
  const tenants = queue.access?.tenants;
  if (!tenants) return "feeds a tenant-aware consumer but has no sender policy: any principal could send as any tenant";
  const silo = siloTenant(fn);
  if (silo !== undefined && (tenants.length !== 1 || tenants[0] !== silo)) {
    return `is tenant ${silo}'s silo but admits senders tagged ${tenants.join(", ") || "with no tenant"}`;
  }
  if (!queue.deadLetterQueue?.access) return "has a DLQ that any principal could send to, and a redrive would carry what they planted in as trusted";
  return undefined;
}
