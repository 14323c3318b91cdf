import type { PatternContext } from "../model/context.js";
import type { ResolutionFinding, SpecPath } from "../model/types.js";
import { ShardingInputError } from "./assignment-errors.js";
import type { PatternLock, ShardAssignments, ShardingInput } from "./assignment-types.js";
import { checkLock, type LockFinding } from "./lock-check.js";

const rule = "shard-assignment";
const SPEC_KEY = { n: "shards", k: "shardsPerTenant", maxOverlap: "maxOverlap" } as const;

/**
 * What synth may route, read from the lock only (assignments are made by
 * `bulkhead shards assign`, so a tenant never moves because of where or in what
 * order someone synthesized), with every lock problem located in the spec.
 */
export function lockedAssignments(
  ctx: PatternContext,
  input: ShardingInput,
  tenantsPath: SpecPath,
  lock: PatternLock | undefined,
): { assignments: ShardAssignments; findings: ResolutionFinding[] } {
  if (input.tenants.length === 0) {
    return { assignments: {}, findings: [{ rule, path: [...ctx.source, "tenants"], message: "expected at least one tenant, here or in the service's tenants" }] };
  }
  try {
    const checked = checkLock(input, lock, `bulkhead shards assign ${ctx.specFile}`);
    return { assignments: checked.assignments, findings: checked.findings.map((f) => locate(ctx, f, input.tenants, tenantsPath)) };
  } catch (err) {
    if (!(err instanceof ShardingInputError)) throw err;
    return { assignments: {}, findings: [{ rule, path: [...ctx.source, err.field], message: err.message }] };
  }
}

function locate(ctx: PatternContext, f: LockFinding, tenants: readonly string[], tenantsPath: SpecPath): ResolutionFinding {
  const { message, severity } = f;
  switch (f.kind) {
    case "missing-tenant":
      return { rule, severity, message, path: [...tenantsPath, tenants.indexOf(f.tenant)] };
    case "parameter-changed":
      return { rule, severity, message, path: [...ctx.source, SPEC_KEY[f.parameter]] };
    default:
      return { rule, severity, message, path: ctx.source };
  }
}
