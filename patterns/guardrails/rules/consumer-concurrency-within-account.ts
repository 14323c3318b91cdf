import { AWS_LIMITS } from "../../model/limits.js";
import { finding, type Rule } from "../rule.js";

const name = "consumer-concurrency-within-account";

/**
 * A function without reserved concurrency runs in the account's unreserved pool; event sources
 * allowed more than that pool (one cap per shard adds up fast) throttle it and every other
 * unreserved function in the account.
 */
export const consumerConcurrencyWithinAccount: Rule = {
  name,
  why: "a consumer's event sources together may not demand more than the account's unreserved concurrency",
  check(model) {
    const reserved = model.functions.reduce((sum, f) => sum + (f.reservedConcurrency ?? 0), 0);
    const pool = model.accountConcurrency - AWS_LIMITS.lambdaUnreservedMinimum - reserved;
    return model.functions
      .filter((f) => f.reservedConcurrency === undefined)
      .flatMap((f) => {
        const caps = f.eventSources.map((e) => e.maximumConcurrency ?? 0);
        const demand = caps.reduce((sum, c) => sum + c, 0);
        if (demand <= pool) return [];
        const sum = caps.length > 1 && caps.every((c) => c === caps[0]) ? `${caps.length} event sources x ${caps[0]}` : caps.join(" + ");
        return [
          finding(
            name,
            f.settingPaths.maxConcurrency,
            `${f.name} may run ${demand} at once (${sum}), above the ${pool} left unreserved in ${model.environment} ` +
              `(accountConcurrency ${model.accountConcurrency} - ${AWS_LIMITS.lambdaUnreservedMinimum} kept unreserved - ${reserved} reserved in the stack); ` +
              `lower the cap or the shard count`,
          ),
        ];
      });
  },
};
