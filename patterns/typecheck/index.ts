import { existsSync } from "node:fs";
import { posix, resolve } from "node:path";
import type { PreparedService } from "../pipeline.js";
import { resolveSpecFile } from "../resolve-spec-file.js";
import { SpecError, type SpecProblem } from "../spec/errors.js";
import { PROJECT_CONFIG, typecheckFiles } from "./tsc.js";

/**
 * prepareServices, and at the same time the type-check of the specs' handlers (esbuild, which
 * bundles them, strips types without checking them). Throws one SpecError with the problems of
 * both; a file esbuild could not bundle is left to esbuild's message. Without a tsconfig.json
 * in the project there are no compilerOptions to check with, and no type-check.
 */
export async function prepareTypedServices(specFiles: readonly string[], projectRoot: string): Promise<PreparedService[]> {
  const typed = existsSync(resolve(projectRoot, PROJECT_CONFIG)) ? typecheckHandlers(specFiles, projectRoot) : Promise.resolve([]);
  // Loaded once the compiler runs: loading the bundler takes a while, which the compiler uses.
  const { prepareServices } = await import("../pipeline.js");
  const [prepared, typeProblems] = await Promise.allSettled([prepareServices(specFiles, projectRoot), typed]);
  if (prepared.status === "rejected" && !(prepared.reason instanceof SpecError)) throw prepared.reason;
  if (typeProblems.status === "rejected") throw typeProblems.reason;
  const problems = prepared.status === "rejected" ? [...(prepared.reason as SpecError).problems] : [];
  const reported = new Set(problems.map((p) => p.file));
  problems.push(...typeProblems.value.filter((p) => !reported.has(p.file)));
  if (problems.length > 0) throw new SpecError(problems);
  return (prepared as PromiseFulfilledResult<PreparedService[]>).value;
}

/** Type errors in the handlers of the specs, and in what they import; each reported once, in file order. */
export async function typecheckHandlers(specFiles: readonly string[], projectRoot: string): Promise<SpecProblem[]> {
  const files = handlerFiles(specFiles, projectRoot);
  if (files.length === 0) return [];
  const problems = await typecheckFiles(files, projectRoot);
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/**
 * The TypeScript handler files of every environment of every spec, project-relative. Resolved here rather
 * than taken from prepareServices so that the compiler runs while esbuild bundles. A spec that
 * does not load contributes nothing: prepareServices reports why.
 */
export function handlerFiles(specFiles: readonly string[], projectRoot: string): string[] {
  const files = new Set<string>();
  for (const file of specFiles) {
    try {
      for (const model of resolveSpecFile(file, projectRoot).models) {
        for (const f of model.functions) files.add(posix.join(f.specDir, f.entry));
      }
    } catch {
      continue;
    }
  }
  // A JavaScript handler has no types to check (a tsconfig without allowJs would refuse it as a root).
  return [...files].filter((f) => /\.m?ts$/.test(f) && existsSync(resolve(projectRoot, f))).sort();
}
