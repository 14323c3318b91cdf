import { guardrails } from "../patterns/guardrails/index.js";
import { formatProblem } from "../patterns/spec/errors.js";
import { prepareTypedServices } from "../patterns/typecheck/index.js";
import { parseArgs, UsageError } from "./args.js";
import type { Run } from "./io.js";
import { specFiles } from "./spec-files.js";

export const run: Run = async (argv, io) => {
  const { positionals, options } = parseArgs(argv, { flags: ["rules"] });
  if (options.rules) {
    if (positionals.length > 0) throw new UsageError(`--rules lists the rules and takes no spec (got ${positionals.join(" ")})`);
    guardrails.forEach((r) => io.out(`${r.name}: ${r.why}`));
    return 0;
  }
  const specs = specFiles(positionals, io.cwd);
  const services = await prepareTypedServices(specs.files, io.cwd);
  for (const s of services) s.warnings.forEach((w) => io.out(formatProblem(w)));
  io.out(`${specs.files.length} spec(s) pass ${guardrails.length} guardrails`);
  return 0;
};
