import { execFile } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { useScratchTmpdir } from "../support/project.js";

const run = promisify(execFile);

/** This repository: what a user's project has beside its services. */
export const REPO = process.cwd();

/** The local runtime the generated end-to-end tests use; until it is in the tree, they are left out. */
export const LOCAL_RUNTIME = existsSync(join(REPO, "local", "index.ts"));

/**
 * A fresh project folder, as a team's repository would be: the runtime (handlers/), the schema, the
 * tsconfig and the installed packages of this one, linked; the local runtime and the spec code it
 * runs on when present. node_modules is a folder of links, so that caches written into it (the
 * type-check's, vitest's) stay in the temp project. Removed with the test file's scratch folder.
 */
export function scaffoldProject(): string {
  const root = mkdtempSync(join(useScratchTmpdir(), "scaffold-"));
  for (const entry of ["handlers", "service.schema.json", "tsconfig.json", ...(LOCAL_RUNTIME ? ["local", "patterns"] : [])]) {
    symlinkSync(join(REPO, entry), join(root, entry));
  }
  mkdirSync(join(root, "node_modules"));
  for (const entry of readdirSync(join(REPO, "node_modules"))) {
    if (entry === ".cache" || entry === ".vite" || entry === ".vitest") continue;
    symlinkSync(join(REPO, "node_modules", entry), join(root, "node_modules", entry));
  }
  return root;
}

/** Every file under `dir` (relative, sorted) with its bytes: to compare two trees, or a tree before and after. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    if (!existsSync(at)) return;
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const stat = lstatSync(path);
      if (name === "node_modules" || stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

/** The environment for a child vitest: this one's, less what makes a process think it is a vitest worker. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "NODE_ENV" && key !== "TEST"));
}

export interface GeneratedTestRun {
  readonly passed: number;
  readonly failed: number;
  readonly files: readonly string[];
  readonly output: string;
}

/**
 * The generated tests of a service folder, run unchanged by the repository's vitest in a child
 * process from the project's root (which has no vitest config: vitest's defaults find them).
 * The end-to-end tests are left out while the local runtime is not in the tree.
 */
export async function runGeneratedTests(root: string, serviceDir: string): Promise<GeneratedTestRun> {
  const report = join(root, `vitest-report-${Date.now()}.json`);
  const args = [join(REPO, "node_modules", "vitest", "vitest.mjs"), "run", "--dir", serviceDir, "--reporter=json", `--outputFile=${report}`];
  if (!LOCAL_RUNTIME) args.push("--exclude", "**/e2e*.test.ts");
  let output = "";
  try {
    const done = await run(process.execPath, args, { cwd: root, env: childEnv(), maxBuffer: 64 * 1024 * 1024 });
    output = `${done.stdout}${done.stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
  }
  if (!existsSync(report)) throw new Error(`vitest wrote no report:\n${output}`);
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
  };
  rmSync(report, { force: true });
  const failures = json.testResults.flatMap((f) => [
    ...(f.message ? [`${relative(root, f.name)}: ${f.message}`] : []),
    ...f.assertionResults.filter((a) => a.status === "failed").map((a) => `${relative(root, f.name)} > ${a.fullName}: ${a.failureMessages.join("\n")}`),
  ]);
  return {
    passed: json.numPassedTests,
    failed: json.numFailedTests + json.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length,
    files: json.testResults.map((f) => relative(join(root, serviceDir), f.name)).sort(),
    output: failures.length > 0 ? failures.join("\n\n") : output,
  };
}

/**
 * Type errors in the generated files, as `npm run typecheck` would report them in a team's
 * repository: tsc with the project's compiler options over the folder's files. Diagnostics in files
 * outside the folder (the runtime's, the local runtime's) are not the scaffold's and are left out.
 */
export async function typeErrorsIn(root: string, serviceDir: string): Promise<string[]> {
  const files = Object.keys(snapshot(join(root, serviceDir)))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `./${join(serviceDir, f)}`);
  const config = join(root, "tsconfig.scaffold-check.json");
  writeFileSync(config, JSON.stringify({ extends: "./tsconfig.json", include: [], files }));
  try {
    await run(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", config], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return [];
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? error);
    return out.split("\n").filter((line) => line.startsWith(serviceDir));
  } finally {
    rmSync(config, { force: true });
  }
}
