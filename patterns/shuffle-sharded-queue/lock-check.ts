import type { PatternLock, ShardAssignments, ShardingInput } from "./assignment-types.js";
import { firstPairSharingMoreThan, validateInput } from "./assignment-validation.js";

export type LockFinding =
  | {
      /** A spec tenant without a set: synth cannot route it; `bulkhead shards assign SPEC` gives it one. */
      readonly kind: "missing-tenant";
      readonly severity: "error";
      readonly tenant: string;
      readonly message: string;
    }
  | {
      /** A locked tenant no longer in the spec; the next assign drops it and frees its set. */
      readonly kind: "stale-tenant";
      readonly severity: "warning";
      readonly tenant: string;
      readonly message: string;
    }
  | {
      /** The lock was assigned for other parameters than the spec now has. */
      readonly kind: "parameter-changed";
      readonly severity: "error";
      readonly parameter: "n" | "k" | "maxOverlap";
      readonly locked: number | null;
      readonly spec: number | null;
      readonly message: string;
    }
  | {
      /** Two locked tenants share more shards than the spec's maxOverlap (a hand-edited lock). */
      readonly kind: "overlap-exceeded";
      readonly severity: "error";
      readonly tenants: readonly [string, string];
      readonly message: string;
    };

export interface LockCheck {
  /** The locked set of every spec tenant that has one: what synth routes. */
  readonly assignments: ShardAssignments;
  readonly findings: readonly LockFinding[];
}

/**
 * What synth may use from the lock, read-only: it never assigns. Every
 * problem is a finding rather than an exception, so the CLI can report them
 * all at once against the spec's location. `assign` is the command the findings
 * tell the user to run (the CLI passes it with the spec's path).
 */
export function checkLock(input: ShardingInput, lock: PatternLock | undefined, assign = "bulkhead shards assign"): LockCheck {
  const { n, k, maxOverlap, tenants } = validateInput(input);
  const locked: ShardAssignments = lock?.assignments ?? {};
  const assignments = Object.fromEntries(
    tenants.filter((tenant) => Object.hasOwn(locked, tenant)).map((tenant) => [tenant, locked[tenant]]),
  );
  const specTenants = new Set(tenants);
  const findings: LockFinding[] = [
    ...(lock === undefined ? [] : parameterFindings(lock, { n, k, maxOverlap: maxOverlap ?? null }, assign)),
    ...tenants.filter((tenant) => !Object.hasOwn(locked, tenant)).map((tenant) => missingTenant(tenant, assign)),
    ...Object.keys(locked)
      .filter((tenant) => !specTenants.has(tenant))
      .map((tenant) => staleTenant(tenant, assign)),
  ];
  const pair = firstPairSharingMoreThan(assignments, n, k, maxOverlap);
  if (pair !== undefined && findings.every((finding) => finding.kind !== "parameter-changed")) {
    findings.push({
      kind: "overlap-exceeded",
      severity: "error",
      tenants: pair,
      message: `tenants "${pair[0]}" and "${pair[1]}" share more than maxOverlap ${maxOverlap} shards in the lock`,
    });
  }
  return { assignments, findings };
}

function parameterFindings(
  lock: PatternLock,
  spec: { n: number; k: number; maxOverlap: number | null },
  assign: string,
): LockFinding[] {
  return (["n", "k", "maxOverlap"] as const)
    .filter((parameter) => lock[parameter] !== spec[parameter])
    .map((parameter) => ({
      kind: "parameter-changed",
      severity: "error",
      parameter,
      locked: lock[parameter],
      spec: spec[parameter],
      message:
        `the lock was assigned with ${parameter}=${lock[parameter] ?? "unset"} but the spec now says ` +
        `${parameter}=${spec[parameter] ?? "unset"}; run \`${assign}\` to update it`,
    }));
}

function missingTenant(tenant: string, assign: string): LockFinding {
  return {
    kind: "missing-tenant",
    severity: "error",
    tenant,
    message: `tenant "${tenant}" has no shard set in the lock; run \`${assign}\` to give it one`,
  };
}

function staleTenant(tenant: string, assign: string): LockFinding {
  return {
    kind: "stale-tenant",
    severity: "warning",
    tenant,
    message: `tenant "${tenant}" is in the lock but no longer in the spec; \`${assign}\` will free its shards`,
  };
}
