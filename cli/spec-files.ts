import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { discoverSpecs } from "../patterns/spec/discover.js";
import { UsageError } from "./args.js";

export interface SpecFiles {
  readonly files: string[];
  /** No spec was named: these are every spec of the project. */
  readonly everySpec: boolean;
}

/** The specs a command works on: the ones named (a folder meaning its service.yaml), else every services/*\/service.yaml. */
export function specFiles(positionals: readonly string[], cwd: string): SpecFiles {
  if (positionals.length > 0) return { files: positionals.map((p) => specFile(p, cwd)), everySpec: false };
  const files = discoverSpecs(cwd);
  if (files.length === 0) throw new UsageError("no spec named and none found at services/*/service.yaml; name one, or create one with its service.yaml");
  return { files, everySpec: true };
}

/** One spec argument: a file, or a folder holding service.yaml. */
export function specFile(arg: string, cwd: string): string {
  const path = resolve(cwd, arg);
  // A missing file is reported by the loader, located like every other spec problem.
  if (!existsSync(path) || !statSync(path).isDirectory()) return arg;
  const inside = join(arg, "service.yaml");
  if (existsSync(resolve(cwd, inside))) return inside;
  throw new UsageError(`${arg} is a folder with no service.yaml in it; name the spec file, or add ${inside}`);
}
