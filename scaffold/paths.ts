import { existsSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { ScaffoldError } from "./errors.js";

/** `a/b` with forward slashes, whatever the platform. */
export function slashed(path: string): string {
  return path.split(sep).join("/");
}

/** An import specifier from the file `from` to the file `to` (both absolute): `../../../handlers/index.js`. */
export function importPath(from: string, to: string): string {
  const path = slashed(relative(dirname(from), to));
  return path.startsWith(".") ? path : `./${path}`;
}

/** The handler runtime of the project at `root`, which generated handlers import relative to it, as the example does. */
export function runtimeEntry(root: string): { ts: string; js: string } {
  const ts = join(root, "handlers", "index.ts");
  if (!existsSync(ts)) {
    throw new ScaffoldError(`no handlers/index.ts in ${root}: run this from the project's root, the folder that holds handlers/ and service.schema.json`);
  }
  return { ts, js: join(root, "handlers", "index.js") };
}

/** Relative to the project root, with forward slashes, for messages and spec comments. */
export function shown(root: string, path: string): string {
  return posix.normalize(slashed(relative(root, path)) || ".");
}
