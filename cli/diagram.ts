import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { OperateInputError } from "../operate/errors.js";
import { DIAGRAM_FORMATS, renderDiagram, type DiagramFormat } from "../operate/diagram/index.js";
import { stackModel } from "../operate/stack-model.js";
import { parseArgs, UsageError } from "./args.js";
import type { Run } from "./io.js";
import { specFiles } from "./spec-files.js";

export const run: Run = async (argv, io) => {
  const { positionals, options } = parseArgs(argv, { values: ["env", "format", "out"] });
  if (positionals.length > 1) throw new UsageError(`diagram draws one spec at a time (got ${positionals.join(" ")})`);
  const format = (options.format ?? "mermaid") as string;
  if (!DIAGRAM_FORMATS.includes(format as DiagramFormat)) throw new UsageError(`--format ${format}: choose ${DIAGRAM_FORMATS.join(", ")}`);
  const file = oneSpec(positionals, io.cwd);
  let model;
  try {
    model = stackModel(file, io.cwd, options.env as string | undefined);
  } catch (err) {
    if (err instanceof OperateInputError) throw new UsageError(err.message);
    throw err;
  }
  const text = await renderDiagram(model, format as DiagramFormat);
  if (typeof options.out === "string") {
    const out = resolve(io.cwd, options.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    io.out(`${options.out}: ${model.stackName} as ${format}`);
  } else io.out(text.replace(/\n$/, ""));
  if (model.findings.some((f) => f.severity !== "warning")) io.err(`note: ${model.stackName} has problems bulkhead check reports; the diagram shows the model as it resolves`);
  return 0;
};

/** The spec named, or the project's only one. */
export function oneSpec(positionals: readonly string[], cwd: string): string {
  const specs = specFiles(positionals, cwd);
  if (specs.files.length > 1) throw new UsageError(`this project has ${specs.files.length} specs (${specs.files.join(", ")}); name one`);
  return specs.files[0]!;
}
