import { dirname } from "node:path";
import { discoverSpecs } from "../patterns/spec/discover.js";
import { planAddPattern } from "../scaffold/add-pattern.js";
import { ScaffoldError } from "../scaffold/errors.js";
import { patternType } from "../scaffold/names.js";
import { shown } from "../scaffold/paths.js";
import { applyChanges } from "../scaffold/write.js";
import { parseArgs, UsageError } from "./args.js";
import type { Run } from "./io.js";
import { specFile } from "./spec-files.js";

/** `bulkhead add PATTERN NAME [SPEC]`: a pattern, its handlers and tests, added to a service. */
export const run: Run = (argv, io) => {
  const { positionals } = parseArgs(argv);
  if (positionals.length < 2 || positionals.length > 3) {
    throw new UsageError(positionals.length < 2 ? "name the pattern type and the new pattern's name: bulkhead add PATTERN NAME [SPEC]" : `expected PATTERN NAME [SPEC], got ${positionals.length} arguments`);
  }
  const [type, name, spec] = positionals as [string, string, string?];
  try {
    const added = planAddPattern({ type: patternType(type), name, specFile: spec === undefined ? onlySpec(io.cwd) : specFile(spec, io.cwd), projectRoot: io.cwd });
    applyChanges(dirname(added.changes.at(-1)!.path), added.changes);
    io.out(`added ${added.plan.name} (${added.plan.type}) to ${shown(io.cwd, added.changes.at(-1)!.path)}`);
    for (const change of added.changes) io.out(`  ${change.before === undefined ? "wrote" : "updated"} ${shown(io.cwd, change.path)}`);
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) throw new UsageError(error.message);
    throw error;
  }
};

/** Without SPEC: the project's one service; with several, the user must say which. */
function onlySpec(cwd: string): string {
  const specs = discoverSpecs(cwd);
  if (specs.length === 1) return specs[0]!;
  if (specs.length === 0) throw new UsageError("no spec named and none found at services/*/service.yaml; name the spec to add to");
  throw new UsageError(`several specs found (${specs.join(", ")}); name the one to add to`);
}
