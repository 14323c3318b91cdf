import { AWS_LIMITS } from "../../model/limits.js";
import { queuePolicyStatements } from "../../model/resource-policies.js";
import { finding, type Rule } from "../rule.js";
import { estimatedPolicyBytes } from "../estimated-arn.js";

const name = "queue-policy-size";

/**
 * SQS refuses a queue policy over 8,192 bytes, at apply. A tenant-aware queue's policy lists every
 * tenant it serves, so a shard of many tenants (few shards, many tenants) outgrows it.
 */
export const queuePolicySize: Rule = {
  name,
  why: "a queue policy over SQS's 8,192 bytes (a shard lists each tenant it serves) fails only at apply",
  check(model) {
    return model.queues.flatMap((queue) => {
      const bytes = estimatedPolicyBytes(model, { kind: "queue", id: queue.id }, (arn, arnOf) => queuePolicyStatements(arn, queue, arnOf));
      if (bytes <= AWS_LIMITS.sqsPolicyBytes) return [];
      const tenants = queue.access?.tenants?.length ?? 0;
      return [
        finding(
          name,
          queue.source,
          `queue ${queue.name}'s policy would be about ${bytes} bytes, above SQS's limit of ${AWS_LIMITS.sqsPolicyBytes}, which fails at apply` +
            (tenants > 0 ? `: it lists the ${tenants} tenants it serves; more shards spread them thinner` : ""),
        ),
      ];
    });
  },
};
