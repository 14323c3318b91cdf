import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "bulkhead";

/**
 * bulkhead's own folder: the nearest one above this module whose package.json is bulkhead's. This
 * module runs from scaffold/ in the source (vitest, tsx) and from dist/chunks/ once built, so the
 * folder is found at run time from where the code is, never fixed at build time.
 */
export function packageRoot(from: string = import.meta.url): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isBulkhead(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`bulkhead: no package.json named "${PACKAGE_NAME}" above ${start}`);
  }
}

function isBulkhead(manifest: string): boolean {
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
