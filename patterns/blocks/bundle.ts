import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, resolve } from "node:path";
import { build, type BuildFailure, type BuildOptions, type BuildResult } from "esbuild";
import type { FunctionModel, RoutingTableModel } from "../model/types.js";
import { SpecError } from "../spec/errors.js";
import { deterministicZip } from "./zip.js";

export interface Bundle {
  /** What the handler module exports; Lambda calls `index.handler`. */
  readonly exports: readonly string[];
  /** The handler module, `index.mjs`, as Lambda runs it (the local runtime runs these bytes too). */
  readonly code: Buffer;
  /** The deployment package: a deterministic zip holding `index.mjs`. */
  readonly zip: Buffer;
  /** base64 SHA-256 of the zip, as Lambda's source_code_hash expects. */
  readonly sourceHash: string;
}

export interface BundleRequest {
  readonly projectRoot: string;
  /** Project-relative, forward slashes. */
  readonly entry: string;
  readonly runtime: string;
  readonly routingTables: readonly RoutingTableModel[];
}

/**
 * Bundles one handler with esbuild in a build of its own. Paths are relative to the project root
 * so no build-machine path ends up in the code; the AWS SDK v3 stays external because the
 * Node.js runtime ships it.
 */
export async function bundleHandler(request: BundleRequest): Promise<Bundle> {
  try {
    return await withTablesModule(request.routingTables, (tablesFile) => build(buildOptions(request, tablesFile)).then(packaged));
  } catch (err) {
    throw explained(err, request.entry);
  }
}

/**
 * Bundles many handlers with as few esbuild builds as possible: one build per group of handlers
 * that share a project, a target and a routing-table module, with every handler of the group an
 * entry point (the bundles are byte for byte what one build per handler gives). Identical
 * requests (the same handler in two environments with the same tables) are built once. Nothing is
 * kept between calls: a handler edited since the last call is bundled anew. When a group's build
 * fails, its handlers are built one by one, so that each failure is returned as the located
 * problems of its own handler.
 */
export async function bundleHandlers(requests: readonly BundleRequest[]): Promise<Map<BundleRequest, Bundle | SpecError>> {
  const groups = new Map<string, Map<string, BundleRequest>>();
  for (const request of requests) {
    const group = groupKey(request);
    if (!groups.has(group)) groups.set(group, new Map());
    groups.get(group)!.set(request.entry, request);
  }
  const built = new Map<string, Bundle | SpecError>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const [key, bundle] of await bundleGroup([...group.values()])) built.set(key, bundle);
    }),
  );
  return new Map(requests.map((request) => [request, built.get(requestKey(request))!]));
}

async function bundleGroup(group: readonly BundleRequest[]): Promise<Map<string, Bundle | SpecError>> {
  const entries = Object.fromEntries(group.map((request, i) => [`entry-${i}`, request.entry]));
  try {
    const result = await withTablesModule(group[0]!.routingTables, (tablesFile) => {
      const { outfile: _single, ...shared } = buildOptions(group[0]!, tablesFile);
      return build({ ...shared, entryPoints: entries, outdir: "bundles", outExtension: { ".js": ".mjs" } });
    });
    const byEntry = new Map(Object.entries(result.metafile.outputs).map(([path, output]) => [output.entryPoint, path]));
    return new Map(
      group.map((request) => {
        const path = byEntry.get(request.entry)!;
        const file = result.outputFiles.find((f) => f.path.endsWith(`/${path}`))!;
        return [requestKey(request), packagedCode(Buffer.from(file.contents), result.metafile.outputs[path]!.exports)];
      }),
    );
  } catch {
    return new Map(
      await Promise.all(
        group.map(async (request) => [requestKey(request), await bundleHandler(request).catch((err) => located(err, request.entry))] as const),
      ),
    );
  }
}

function groupKey(r: BundleRequest): string {
  return `${r.projectRoot}\0${r.runtime}\0${tablesModule(r.routingTables)}`;
}

function located(err: unknown, entry: string): SpecError {
  if (err instanceof SpecError) return err;
  const problem = explained(err, entry);
  if (problem instanceof SpecError) return problem;
  throw problem;
}

/** One handler of a group: what makes two requests the same bundle. */
function requestKey(r: BundleRequest): string {
  return `${groupKey(r)}\0${r.entry}`;
}

function tablesModule(routingTables: readonly RoutingTableModel[]): string {
  return `export default {${routingTables.map((t) => `${JSON.stringify(t.pattern)}: ${t.content}`).join(",")}};`;
}

function buildOptions(r: BundleRequest, tablesFile: string) {
  return {
    absWorkingDir: resolve(r.projectRoot),
    entryPoints: [r.entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: r.runtime === "nodejs20.x" ? "node20" : "node22",
    external: ["@aws-sdk/*", "@smithy/*"],
    minify: true,
    legalComments: "none",
    write: false,
    outfile: "index.mjs",
    metafile: true,
    // ESM bundles of CommonJS dependencies need a require.
    banner: { js: "import { createRequire as __bulkheadRequire } from 'node:module'; const require = __bulkheadRequire(import.meta.url);" },
    logLevel: "silent",
    alias: { "bulkhead:routing-tables": tablesFile },
  } satisfies BuildOptions;
}

function packaged(result: BuildResult<{ write: false; metafile: true }>): Bundle {
  return packagedCode(Buffer.from(result.outputFiles[0]!.contents), Object.values(result.metafile.outputs).flatMap((o) => o.exports));
}

function packagedCode(code: Buffer, exports: readonly string[]): Bundle {
  const zip = deterministicZip([{ name: "index.mjs", data: code }]);
  return { code, zip, sourceHash: createHash("sha256").update(zip).digest("base64"), exports };
}

/**
 * `bulkhead:routing-tables`: the routing tables of the patterns a function sends to, compiled
 * into its code so that routing needs no call at run time. The module is a file the import is
 * aliased to (an esbuild plugin would be a call back into this process for every build), in a
 * folder of its own that is gone when the build is done.
 */
async function withTablesModule<T>(routingTables: readonly RoutingTableModel[], run: (tablesFile: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "bulkhead-routing-tables-"));
  try {
    const tablesFile = join(dir, "routing-tables.mjs");
    writeFileSync(tablesFile, tablesModule(routingTables));
    return await run(tablesFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let zipFolder: string | undefined;
/** A bundle serves a function in every environment: its file is written once. */
const zipFiles = new WeakMap<Bundle, string>();

/**
 * The bundle's zip as a file, for the Terraform asset that copies it into the output: in a
 * folder of this process, removed when it exits (only synth writes here; the local runtime runs
 * the code from memory).
 */
export function bundleZipFile(bundle: Bundle): string {
  const written = zipFiles.get(bundle);
  if (written !== undefined) return written;
  if (zipFolder === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "bulkhead-bundles-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    zipFolder = dir;
  }
  const folder = join(zipFolder, Buffer.from(bundle.sourceHash, "base64").toString("hex").slice(0, 16));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, "handler.zip");
  writeFileSync(file, bundle.zip);
  zipFiles.set(bundle, file);
  return file;
}

/** esbuild's own errors (a syntax error, an import that does not resolve) are the user's to fix: located, no stack. */
function explained(err: unknown, entry: string): unknown {
  const failures = (err as Partial<BuildFailure>).errors;
  if (!failures?.length) return err;
  return new SpecError(
    failures.map((e) => ({
      file: e.location?.file ?? entry,
      line: e.location?.line ?? 1,
      column: (e.location?.column ?? 0) + 1,
      path: [],
      message: `cannot bundle handler ${entry}: ${e.text}`,
      severity: "error" as const,
    })),
  );
}

/** What a function's bundle is built from: its handler with the routing tables of the patterns it sends to. */
export function functionBundleRequest(fn: FunctionModel, routingTables: readonly RoutingTableModel[], projectRoot: string): BundleRequest {
  const tables = routingTables.filter((t) => fn.routingTables.includes(t.pattern));
  return { projectRoot, entry: handlerEntry(fn.specDir, fn.entry), runtime: fn.runtime, routingTables: tables };
}

/** A spec-relative handler path as a project-relative one, with forward slashes. */
export function handlerEntry(specDir: string, entry: string): string {
  return posix.normalize(posix.join(specDir, entry));
}
