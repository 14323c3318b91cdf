import { ScaffoldError } from "../scaffold/errors.js";
import { patternTypes } from "../scaffold/names.js";
import { planNewService } from "../scaffold/new-service.js";
import { shown } from "../scaffold/paths.js";
import { writeNewFolder } from "../scaffold/write.js";
import { parseArgs, UsageError } from "./args.js";
import type { Run } from "./io.js";

export const DEFAULT_PATTERNS = "fanout";
export const DEFAULT_DIR = "services";

/** `bulkhead new NAME [--with ...] [--dir DIR]`: a new service folder, written at once or not at all. */
export const run: Run = (argv, io) => {
  const { positionals, options } = parseArgs(argv, { values: ["with", "dir"] });
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? "name the service: bulkhead new NAME" : `expected one service name, got ${positionals.length}: ${positionals.join(" ")}`);
  }
  try {
    const types = patternTypes(typeof options.with === "string" ? options.with : DEFAULT_PATTERNS);
    const dir = typeof options.dir === "string" ? options.dir : DEFAULT_DIR;
    const service = planNewService({ name: positionals[0]!, types, dir, projectRoot: io.cwd });
    writeNewFolder(service.folder, service.files);
    const folder = shown(io.cwd, service.folder);
    io.out(`wrote ${folder}/ (${service.patterns.map((p) => `${p.name}: ${p.type}`).join(", ")})`);
    for (const file of service.files) io.out(`  ${file.path}`);
    io.out(`next: write the business logic where each handler says, then bulkhead check ${folder}, and bulkhead dev ${folder} to run it locally`);
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) throw new UsageError(error.message);
    throw error;
  }
};
