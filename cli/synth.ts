import { formatProblem } from "../patterns/spec/errors.js";
import { synthesize } from "../patterns/synthesize.js";
import { prepareTypedServices } from "../patterns/typecheck/index.js";
import { parseArgs } from "./args.js";
import type { Run } from "./io.js";
import { specFiles } from "./spec-files.js";

export const run: Run = async (argv, io) => {
  const { positionals, options } = parseArgs(argv, { values: ["out"] });
  const specs = specFiles(positionals, io.cwd);
  const services = await prepareTypedServices(specs.files, io.cwd);
  for (const s of services) s.warnings.forEach((w) => io.err(formatProblem(w)));
  const outDir = (options.out as string | undefined) ?? "cdktf.out";
  const report = synthesize({ services, outDir, projectRoot: io.cwd, everySpec: specs.everySpec });
  for (const stack of report.written) {
    io.out(`synthesized ${stack.dir}/cdk.tf.json (${stack.files - 1} asset${stack.files === 2 ? "" : "s"})`);
    if (stack.kept.length > 0) io.out(`  kept what synth did not write: ${stack.kept.join(", ")}`);
    if (stack.kept.includes("terraform.tfstate")) {
      io.err(
        `warning: ${stack.dir}/terraform.tfstate is state an older bulkhead kept in the stack folder; state now lives beside the project. ` +
          `Run \`terraform init -migrate-state\` in ${stack.dir} once to move it there (a plain init would start from empty state).`,
      );
    }
  }
  for (const dir of report.stale) {
    io.err(`warning: ${dir} is no longer produced by any spec; left in place. Destroy its resources there (terraform destroy), then delete the folder.`);
  }
  return 0;
};
