import { binomialTable } from "./assignment-combinatorics.js";
import { setChooser } from "./assignment-chooser.js";
import { MaxOverlapUnsatisfiableError } from "./assignment-errors.js";
import { ShardSetIndex } from "./assignment-index.js";
import { byCodeUnits } from "./assignment-random.js";
import type { PatternLock, ShardingInput } from "./assignment-types.js";
import { keptAssignments, validateInput, type ShardingParameters } from "./assignment-validation.js";

/**
 * Gives every tenant of the spec a permanent set of k of the n shards; pure.
 *
 * Locked tenants keep their sets and stale ones are dropped (freeing theirs).
 * New tenants are placed one at a time in id order, so the order of the spec
 * never matters, each on the best set the rules allow (see setChooser):
 * distinct sets while T ≤ C(n, k), then every set reused at most
 * ⌈T / C(n, k)⌉ times; with maxOverlap m, no two tenants sharing more than m.
 *
 * Throws ShardingInputError (bad parameters), LockMismatchError (locked sets
 * no longer fit) or MaxOverlapUnsatisfiableError (no set left within m).
 */
export function assignTenants(input: ShardingInput, previous: PatternLock | undefined): PatternLock {
  const parameters = validateInput(input);
  const kept = keptAssignments(parameters, previous);
  const binomials = binomialTable(parameters.n, parameters.k);
  const index = new ShardSetIndex(parameters.n, parameters.k, binomials);
  for (const set of Object.values(kept)) index.add(set);

  const chooseSet = setChooser(parameters, index, binomials);
  const placed: [string, readonly number[]][] = Object.entries(kept);
  const newcomers = parameters.tenants.filter((tenant) => !Object.hasOwn(kept, tenant)).sort(byCodeUnits);
  for (const tenant of newcomers) {
    const set = chooseSet(tenant);
    if (set === undefined) throw overlapError(parameters, tenant, placed.length);
    index.add(set);
    placed.push([tenant, set]);
  }
  return {
    n: parameters.n,
    k: parameters.k,
    maxOverlap: parameters.maxOverlap ?? null,
    assignments: Object.fromEntries(placed.sort(([a], [b]) => byCodeUnits(a, b))),
  };
}

/** Only the overlap bound can leave a tenant without a set: some set always has the fewest uses. */
function overlapError(parameters: ShardingParameters, tenant: string, placed: number): MaxOverlapUnsatisfiableError {
  return new MaxOverlapUnsatisfiableError(
    tenant,
    placed,
    parameters.tenants.length,
    parameters.n,
    parameters.k,
    parameters.maxOverlap!,
  );
}
