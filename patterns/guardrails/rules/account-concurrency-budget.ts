import { siloTenant } from "../../model/consumer-function.js";
import { AWS_LIMITS } from "../../model/limits.js";
import type { FunctionModel } from "../../model/types.js";
import { finding, type Rule } from "../rule.js";

const name = "account-concurrency-budget";

/** Reserved concurrency beyond what the account can give throttles everything else in it. */
export const accountConcurrencyBudget: Rule = {
  name,
  why: "reserving more than the account limit minus the 100 Lambda keeps unreserved fails or starves other functions",
  check(model) {
    const reserving = model.functions.filter((f) => (f.reservedConcurrency ?? 0) > 0);
    const total = sumReserved(reserving);
    const budget = model.accountConcurrency - AWS_LIMITS.lambdaUnreservedMinimum;
    if (total <= budget) return [];
    const over =
      `reserved concurrency in ${model.environment} adds up to ${total}, over the budget of ${budget} ` +
      `(accountConcurrency ${model.accountConcurrency} minus ${AWS_LIMITS.lambdaUnreservedMinimum} kept unreserved)`;
    const silos = largestSiloPattern(reserving);
    if (silos) {
      const others = sumReserved(reserving.filter((f) => !silos.functions.includes(f)));
      // Silos with their own reservation (overrides) are kept; the rest are priced at the usual one.
      const special = silos.functions.filter((f) => f.reservedConcurrency !== silos.perTenant);
      const room = budget - others - sumReserved(special);
      const fit = room < 0 ? 0 : Math.min(silos.functions.length, special.length + Math.floor(room / silos.perTenant));
      return [
        finding(
          name,
          silos.path,
          `${over}; pattern ${silos.pattern} reserves ${sumReserved(silos.functions)} for ${silos.functions.length} tenant silos: ` +
            `at ${silos.perTenant} each${special.length > 0 ? ` (and ${special.length} with overrides)` : ""}, ${fit} of its tenants fit beside the other reservations (${others}). ` +
            `Keep silos for the tenants that need them and serve the rest from a shuffle-sharded-queue, or raise the account limit and accountConcurrency`,
        ),
      ];
    }
    const largest = [...reserving].sort((a, b) => (b.reservedConcurrency ?? 0) - (a.reservedConcurrency ?? 0))[0]!;
    return [finding(name, largest.source, `${over}; the largest is ${largest.name} with ${largest.reservedConcurrency}`)];
  },
};

function sumReserved(functions: readonly FunctionModel[]): number {
  return functions.reduce((sum, f) => sum + (f.reservedConcurrency ?? 0), 0);
}

/** The tenant-isolated pattern that reserves the most, its usual per-tenant reservation and where that is written. */
function largestSiloPattern(reserving: readonly FunctionModel[]) {
  const byPattern = new Map<string, FunctionModel[]>();
  for (const f of reserving.filter((f) => siloTenant(f) !== undefined)) {
    const pattern = String(f.source[1]);
    byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), f]);
  }
  const [pattern, functions] = [...byPattern].sort(([, a], [, b]) => sumReserved(b) - sumReserved(a))[0] ?? [];
  if (!pattern || !functions) return undefined;
  // The reservation most silos have: reservedConcurrencyPerTenant, unless overrides dominate.
  const counts = new Map<number, FunctionModel[]>();
  for (const f of functions) counts.set(f.reservedConcurrency!, [...(counts.get(f.reservedConcurrency!) ?? []), f]);
  const [perTenant, typical] = [...counts].sort(([, a], [, b]) => b.length - a.length)[0]!;
  return { pattern, functions, perTenant, path: typical[0]!.settingPaths.reservedConcurrency };
}
