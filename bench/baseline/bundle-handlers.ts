import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { storedZip } from "./stored-zip.js";

export interface HandlerCode {
  /** A zip outside the output folder; the asset copies it in. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip, as Lambda's source_code_hash expects. */
  readonly sourceHash: string;
}

/**
 * Bundles every handler of the program in one esbuild call (one entry point each;
 * esbuild builds them in parallel in its own process) and zips each bundle. The options
 * are the ones a team packaging Lambda code would pick, and they are bulkhead's, so the
 * two sides produce the same bytes: paths relative to the project root, the AWS SDK
 * left to the runtime, minified, ESM with a `require` for bundled CommonJS.
 * `target` is one for the whole call: the oldest runtime's. The zips go to `workDir`.
 */
export async function bundleHandlers(projectRoot: string, entries: readonly string[], target: "node20" | "node22", workDir: string): Promise<Map<string, HandlerCode>> {
  const byKey = new Map(entries.map((entry, i) => [`h${i}`, entry]));
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: Object.fromEntries(byKey),
    bundle: true,
    platform: "node",
    format: "esm",
    target,
    external: ["@aws-sdk/*", "@smithy/*"],
    minify: true,
    legalComments: "none",
    write: false,
    outdir: "bundles",
    outExtension: { ".js": ".mjs" },
    // The banner's name is bulkhead's too: the bench compares source_code_hash, which any other spelling would change.
    banner: { js: "import { createRequire as __bulkheadRequire } from 'node:module'; const require = __bulkheadRequire(import.meta.url);" },
    logLevel: "error",
  });
  const code = new Map<string, HandlerCode>();
  for (const file of result.outputFiles) {
    const key = basename(file.path, ".mjs");
    const zip = storedZip("index.mjs", Buffer.from(file.contents));
    const dir = join(workDir, key);
    mkdirSync(dir);
    const zipPath = join(dir, "handler.zip");
    writeFileSync(zipPath, zip);
    code.set(byKey.get(key)!, { zipPath, sourceHash: createHash("sha256").update(zip).digest("base64") });
  }
  return code;
}
