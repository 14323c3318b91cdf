import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, resolve } from "node:path";
import { buildSync, type BuildFailure, type BuildOptions } from "esbuild";
import type { FunctionModel, RoutingTableModel } from "../model/types.js";
import { SpecError } from "../spec/errors.js";
import { deterministicZip } from "./zip.js";

export interface Bundle {
  /** What the handler module exports; Lambda calls `index.handler`. */
  readonly exports: readonly string[];
  /** A zip file outside the output folder; the asset copies it in. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip, as Lambda's source_code_hash expects. */
  readonly sourceHash: string;
}

const cache = new Map<string, Bundle>();
let workDir: string | undefined;

/**
 * Bundles one handler with esbuild into a deterministic zip. Paths are relative to
 * the project root so no build-machine path ends up in the code; the AWS SDK v3 stays
 * external because the Node.js runtime ships it.
 */
export function bundleHandler(projectRoot: string, entry: string, runtime: string, routingTables: readonly RoutingTableModel[] = []): Bundle {
  const tablesModule = `export default {${routingTables.map((t) => `${JSON.stringify(t.pattern)}: ${t.content}`).join(",")}};`;
  const key = `${projectRoot}\0${entry}\0${runtime}\0${tablesModule}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const result = buildOrExplain({
    absWorkingDir: resolve(projectRoot),
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: runtime === "nodejs20.x" ? "node20" : "node22",
    external: ["@aws-sdk/*", "@smithy/*"],
    minify: true,
    legalComments: "none",
    write: false,
    outfile: "index.mjs",
    metafile: true,
    // ESM bundles of CommonJS dependencies need a require.
    banner: { js: "import { createRequire as __bulkheadRequire } from 'node:module'; const require = __bulkheadRequire(import.meta.url);" },
    logLevel: "silent",
    // buildSync takes no plugins: the virtual module is a generated file the import is aliased to.
    alias: { "bulkhead:routing-tables": generatedModule(tablesModule) },
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  const zip = deterministicZip([{ name: "index.mjs", data: code }]);
  const digest = createHash("sha256").update(zip);
  const dir = join(bundleWorkDir(), digest.copy().digest("hex").slice(0, 16));
  mkdirSync(dir, { recursive: true });
  const zipPath = join(dir, "handler.zip");
  writeFileSync(zipPath, zip);
  const exports = Object.values(result.metafile?.outputs ?? {}).flatMap((o) => o.exports);
  const bundle = { zipPath, sourceHash: digest.digest("base64"), exports };
  cache.set(key, bundle);
  return bundle;
}

/**
 * `bulkhead:routing-tables`: the routing tables of the patterns a function sends to,
 * compiled into its code so that routing needs no call at run time.
 */
function generatedModule(source: string): string {
  const path = join(bundleWorkDir(), `routing-tables-${createHash("sha256").update(source).digest("hex").slice(0, 16)}.mjs`);
  writeFileSync(path, source);
  return path;
}

function bundleWorkDir(): string {
  if (workDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "bulkhead-bundles-"));
    // The assets copy the zips into the output during synth; afterwards they are litter.
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    workDir = dir;
  }
  return workDir;
}

/** esbuild's own errors (a syntax error, an import that does not resolve) are the user's to fix: located, no stack. */
function buildOrExplain(options: BuildOptions & { write: false }) {
  try {
    return buildSync(options);
  } catch (err) {
    const failures = (err as Partial<BuildFailure>).errors;
    if (!failures?.length) throw err;
    throw new SpecError(
      failures.map((e) => ({
        file: e.location?.file ?? String(options.entryPoints),
        line: e.location?.line ?? 1,
        column: (e.location?.column ?? 0) + 1,
        path: [],
        message: `cannot bundle handler ${String(options.entryPoints)}: ${e.text}`,
        severity: "error" as const,
      })),
    );
  }
}

/** A function's bundle: its handler with the routing tables of the patterns it sends to. */
export function bundleFunction(fn: FunctionModel, routingTables: readonly RoutingTableModel[], projectRoot: string): Bundle {
  const tables = routingTables.filter((t) => fn.routingTables.includes(t.pattern));
  return bundleHandler(projectRoot, handlerEntry(fn.specDir, fn.entry), fn.runtime, tables);
}

/** A spec-relative handler path as a project-relative one, with forward slashes. */
export function handlerEntry(specDir: string, entry: string): string {
  return posix.normalize(posix.join(specDir, entry));
}
