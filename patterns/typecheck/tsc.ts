// Runs the TypeScript 7 compiler (the native `tsc`) over a set of files with the project's
// compilerOptions, and turns its diagnostics into located problems.
//
// Why the command and not a JS API: typescript 7 ships only `tsc` (a Go binary, wrapped by a
// node script) and an `unstable/` API that talks to that binary over a pipe. Serving a generated
// config to the API through its virtual file system callbacks costs a round trip for every file
// the compiler reads (~900 for the example's handlers: 0.8 s, against 0.2 to 0.3 s for the command), so
// bulkhead runs the binary itself, skipping the node wrapper (Node 20 has no process.execve, so
// the wrapper would stay alive as a second process).
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, totalmem } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { SpecProblem } from "../spec/errors.js";
import { checkKey, passedBefore, rememberPass } from "./cache.js";

export const PROJECT_CONFIG = "tsconfig.json";

interface Compiler {
  readonly command: string;
  readonly args: readonly string[];
  /** typescript 7's Go binary, which takes --singleThreaded; not the node wrapper of another version. */
  readonly native: boolean;
}

let counter = 0;

/**
 * Type-checks `files` (project-relative) and whatever they import, with the compilerOptions of
 * the project's tsconfig.json; its `files`/`include` are replaced by `files`. Each diagnostic is
 * one problem, located in the file it is about (a handler, or a module a handler imports).
 */
export async function typecheckFiles(files: readonly string[], projectRoot: string): Promise<SpecProblem[]> {
  const compiler = findCompiler();
  if (typeof compiler === "string") return [configProblem(compiler)];
  // The generated config sits beside the project's, so that everything a tsconfig resolves
  // from its own folder (the default typeRoots, ${configDir}) resolves as in the project's.
  // It lives for one compiler run; no emit, no .tsbuildinfo.
  const name = `.bulkhead-typecheck-${process.pid}-${counter++}.tsconfig.json`;
  const config = join(projectRoot, name);
  const generated = {
    extends: `./${PROJECT_CONFIG}`,
    compilerOptions: { noEmit: true, incremental: false, composite: false },
    files: files.map((f) => `./${f}`),
    include: [],
  };
  const key = checkKey([resolve(projectRoot), compiler.command, ...compiler.args, JSON.stringify(generated), readFileSync(join(projectRoot, PROJECT_CONFIG), "utf8")]);
  if (passedBefore(projectRoot, key)) return [];
  writeFileSync(config, `${JSON.stringify(generated, null, 2)}\n`);
  try {
    const run = await runCompiler(compiler, ["-p", name, "--pretty", "false", "--listFiles", ...threads(compiler)], projectRoot);
    const problems = parseDiagnostics(run.stdout, name, projectRoot);
    if (run.code !== 0 && problems.length === 0) {
      throw new Error(`tsc exited with ${run.code ?? run.signal} and reported nothing bulkhead understands:\n${run.stdout}${run.stderr}`);
    }
    // Also what decides which files tsc would read now: a package installed or a new @types.
    const inputs = [PROJECT_CONFIG, "package-lock.json", "node_modules/@types"].filter((f) => existsSync(join(projectRoot, f)));
    if (run.code === 0 && problems.length === 0) rememberPass(projectRoot, key, [...inputs, ...listedFiles(run.stdout)]);
    return problems;
  } finally {
    rmSync(config, { force: true });
  }
}

/** The files `--listFiles` printed: one absolute path a line, among the diagnostics. */
function listedFiles(output: string): string[] {
  return output.split(/\r?\n/).filter((line) => line.startsWith("/") || /^[A-Za-z]:[\\/]/.test(line));
}

/**
 * `tsc --pretty false` prints `file(line,col): error TS1234: text`, continuation lines of a
 * message chain indented by two spaces, and `error TS1234: text` for what has no file.
 */
export function parseDiagnostics(output: string, generatedConfig: string, projectRoot: string): SpecProblem[] {
  const problems: { file: string; line: number; column: number; message: string }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const located = /^(.+)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/.exec(line);
    const unlocated = located ? null : /^(error|warning) (TS\d+): (.*)$/.exec(line);
    if (located) {
      const [, path, row, col, , code, text] = located;
      const file = projectPath(path!, projectRoot);
      const kind = file.endsWith(".json") ? "tsconfig error" : "type error";
      problems.push({ file, line: Number(row), column: Number(col), message: `${kind} ${code}: ${text}` });
    } else if (unlocated) {
      const [, , code, text] = unlocated;
      problems.push({ file: PROJECT_CONFIG, line: 1, column: 1, message: `cannot type-check handlers: ${code}: ${text}` });
    } else if (line.startsWith("  ") && problems.length > 0) {
      const last = problems[problems.length - 1]!;
      last.message += `\n${line}`;
    }
  }
  // The generated config is bulkhead's; what goes wrong in it comes from the project's.
  return problems.map((p) => ({
    ...p,
    file: p.file === generatedConfig ? PROJECT_CONFIG : p.file,
    message: p.message.split(generatedConfig).join(PROJECT_CONFIG),
    path: [],
    severity: "error" as const,
  }));
}

function projectPath(path: string, projectRoot: string): string {
  const rel = relative(projectRoot, resolve(projectRoot, path));
  return (rel.startsWith("..") ? resolve(projectRoot, path) : rel).split(sep).join("/");
}

function configProblem(message: string): SpecProblem {
  return { file: PROJECT_CONFIG, line: 1, column: 1, path: [], message, severity: "error" };
}

/** The native tsc of the installed typescript package, else its node wrapper; a message when there is none. */
function findCompiler(): Compiler | string {
  const require = createRequire(import.meta.url);
  let typescriptPackage: string;
  try {
    typescriptPackage = require.resolve("typescript/package.json");
  } catch {
    return "cannot type-check handlers: the typescript package is not installed (npm install typescript@7)";
  }
  // What typescript's own bin/tsc looks for (lib/getExePath.js).
  const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}/package.json`;
  try {
    const exe = join(dirname(createRequire(typescriptPackage).resolve(platformPackage)), "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    if (existsSync(exe)) return { command: exe, args: [], native: true };
  } catch {
    // Not typescript 7, or no binary for this platform: the package's bin knows what to do.
  }
  return { command: process.execPath, args: [join(dirname(typescriptPackage), "bin", "tsc")], native: false };
}

/**
 * esbuild bundles while tsc checks. On two cores, tsc's parallel checking only takes the core
 * esbuild needs, and costs more CPU than checking on one thread (on the example, measured on
 * this project's 2-core machine: check 460 -> 418 ms, synth 840 -> 796 ms); with more cores
 * the compiler parallelizes as it would by itself.
 */
function threads(compiler: Compiler): string[] {
  return compiler.native && availableParallelism() <= 2 ? ["--singleThreaded"] : [];
}

/**
 * tsc is a Go program that lives for a fraction of a second: garbage collection is mostly
 * wasted work, and on a 2-core machine it competes with esbuild for the second core (on the
 * example: 0.37 -> 0.26 s of CPU). Collection is off unless the user set GOGC, with a memory
 * limit (a quarter of the machine) at which Go collects after all.
 */
function compilerEnv(): NodeJS.ProcessEnv {
  if (process.env.GOGC !== undefined) return process.env;
  return { ...process.env, GOGC: "off", GOMEMLIMIT: process.env.GOMEMLIMIT ?? String(Math.floor(totalmem() / 4)) };
}

function runCompiler(compiler: Compiler, args: readonly string[], cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(compiler.command, [...compiler.args, ...args], { cwd, env: compilerEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", reject);
    child.once("close", (code, signal) =>
      resolvePromise({ code, signal, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }),
    );
  });
}
