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

/** One function's code: its handler, and the routing tables compiled into it. */
export interface CodeRequest {
  /** Relative to the project root. */
  readonly entry: string;
  /** The routing tables (JSON) by pattern name, in the order the module lists them; empty for most functions. */
  readonly routingTables: readonly (readonly [pattern: string, content: string])[];
}

/**
 * Bundles every function's code and zips each bundle, in as few esbuild calls as the code
 * allows: the handler library reads the routing tables from the module `bulkhead:routing-tables`,
 * which is one module per build, so the functions that compile in different tables (a sharded
 * consumer, a function routing to tenant queues, in each environment) are built apart, all
 * builds at once in esbuild's own process. Every other handler is an entry point of one build.
 * The options are the ones a team packaging Lambda code would pick, and they are bulkhead's, so
 * the two sides produce the same bytes: paths relative to the project root, the AWS SDK left to
 * the runtime, minified, ESM with a `require` for bundled CommonJS. `target` is one for every
 * build: the oldest runtime's. The zips go to `workDir`. Returns the code in request order.
 */
export async function bundleHandlers(projectRoot: string, requests: readonly CodeRequest[], target: "node20" | "node22", workDir: string): Promise<HandlerCode[]> {
  const modules = requests.map((r) => tablesModule(r.routingTables));
  const builds = new Map<string, Set<string>>();
  requests.forEach((r, i) => builds.set(modules[i]!, (builds.get(modules[i]!) ?? new Set()).add(r.entry)));
  const built = new Map<string, HandlerCode>();
  await Promise.all(
    [...builds].map(async ([tables, entries], b) => {
      const dir = join(workDir, `build-${b}`);
      mkdirSync(dir);
      const tablesFile = join(dir, "routing-tables.mjs");
      writeFileSync(tablesFile, tables);
      for (const [entry, code] of await bundle(projectRoot, [...entries], tablesFile, target, dir)) built.set(`${tables}\0${entry}`, code);
    }),
  );
  return requests.map((r, i) => built.get(`${modules[i]}\0${r.entry}`)!);
}

/** `bulkhead:routing-tables`: the tables by pattern name, as the handler library imports them. */
function tablesModule(tables: CodeRequest["routingTables"]): string {
  return `export default {${tables.map(([pattern, content]) => `${JSON.stringify(pattern)}: ${content}`).join(",")}};`;
}

/** One esbuild call for `entries` (one entry point each, built in parallel by esbuild). */
async function bundle(projectRoot: string, entries: readonly string[], tablesFile: string, target: "node20" | "node22", dir: string): Promise<Map<string, HandlerCode>> {
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
    alias: { "bulkhead:routing-tables": tablesFile },
    logLevel: "error",
  });
  const code = new Map<string, HandlerCode>();
  for (const file of result.outputFiles) {
    const key = basename(file.path, ".mjs");
    const zip = storedZip("index.mjs", Buffer.from(file.contents));
    mkdirSync(join(dir, key));
    const zipPath = join(dir, key, "handler.zip");
    writeFileSync(zipPath, zip);
    code.set(byKey.get(key)!, { zipPath, sourceHash: createHash("sha256").update(zip).digest("base64") });
  }
  return code;
}
