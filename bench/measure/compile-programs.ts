import { spawnSync } from "node:child_process";
import { cpSync, existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { ProgramFailed } from "./run-program.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The bench's own programs, compiled to plain JavaScript so that no side pays for a TypeScript loader. */
export interface CompiledPrograms {
  /** The baseline: `node baseline CASE_JSON OUT_DIR`. */
  readonly baseline: string;
  readonly empty: string;
  readonly importProviderDeep: string;
  readonly importProviderRoot: string;
}

/**
 * Compiles the baseline and the reference programs into `scratch` with esbuild, the
 * way bulkhead's CLI is compiled (scripts/build.mjs): one file each, dependencies left
 * to node_modules, which `scratch/node_modules` links to.
 */
export async function compileBenchPrograms(scratch: string): Promise<CompiledPrograms> {
  linkNodeModules(scratch);
  const names = { baseline: "baseline/handwritten", empty: "programs/empty", importProviderDeep: "programs/import-provider-deep", importProviderRoot: "programs/import-provider-root" };
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(Object.values(names).map((name) => [name, `bench/${name}.ts`])),
    outdir: join(scratch, "compiled"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
  const path = (name: string) => join(scratch, "compiled", `${name}.mjs`);
  return { baseline: path(names.baseline), empty: path(names.empty), importProviderDeep: path(names.importProviderDeep), importProviderRoot: path(names.importProviderRoot) };
}

/**
 * Builds the CLI with `node scripts/build.mjs` (dist/) and returns a copy of bin/ and
 * dist/ in `scratch` to run as `node <copy>/bin/bulkhead.mjs`: the same files, but a test
 * run's globalSetup elsewhere in the working tree rebuilding dist/ (it deletes it first)
 * cannot pull the CLI from under a measured run, or swap in other code halfway.
 */
export function buildCli(scratch: string): string {
  const built = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new ProgramFailed(`node scripts/build.mjs: exited with ${built.status ?? built.signal}\n${built.stdout}${built.stderr}`);
  linkNodeModules(scratch);
  const copy = join(scratch, "cli");
  cpSync(join(REPO_ROOT, "bin"), join(copy, "bin"), { recursive: true });
  cpSync(join(REPO_ROOT, "dist"), join(copy, "dist"), { recursive: true });
  if (!existsSync(join(copy, "dist", "bulkhead.mjs"))) throw new ProgramFailed("dist/bulkhead.mjs went missing right after scripts/build.mjs (another build running?); run the bench again");
  return join(copy, "bin", "bulkhead.mjs");
}

/** Node resolves a package from the importing file's folder upwards; the link makes the repository's packages the ones found. */
function linkNodeModules(scratch: string): void {
  const link = join(scratch, "node_modules");
  if (!existsSync(link)) symlinkSync(join(REPO_ROOT, "node_modules"), link, "dir");
}
