import { AWS_LIMITS } from "../../model/limits.js";
import { finding, type Rule } from "../rule.js";

const name = "account-concurrency-budget";

/** Reserved concurrency beyond what the account can give throttles everything else in it. */
export const accountConcurrencyBudget: Rule = {
  name,
  why: "reserving more than the account limit minus the 100 Lambda keeps unreserved fails or starves other functions",
  check(model) {
    const reserving = model.functions.filter((f) => (f.reservedConcurrency ?? 0) > 0);
    const total = reserving.reduce((sum, f) => sum + (f.reservedConcurrency ?? 0), 0);
    const budget = model.accountConcurrency - AWS_LIMITS.lambdaUnreservedMinimum;
    if (total <= budget) return [];
    const largest = [...reserving].sort((a, b) => (b.reservedConcurrency ?? 0) - (a.reservedConcurrency ?? 0))[0]!;
    return [
      finding(
        name,
        largest.source,
        `reserved concurrency in ${model.environment} adds up to ${total}, over the budget of ${budget} ` +
          `(accountConcurrency ${model.accountConcurrency} minus ${AWS_LIMITS.lambdaUnreservedMinimum} kept unreserved); ` +
          `the largest is ${largest.name} with ${largest.reservedConcurrency}`,
      ),
    ];
  },
};
