import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { runCli } from "../../cli/main.js";

/** The system's temp folder, as the process found it (a vitest worker may run several files). */
export const systemTmpdir: string = (process.env.BULKHEAD_TEST_SYSTEM_TMPDIR ??= tmpdir());

let scratch: string | undefined;

/**
 * One scratch folder per test file, removed after the file's tests; os.tmpdir() points into
 * it until then. So whatever goes to the temp folder is removed with it: temp projects, copies
 * of the project, and what the code under test puts there, such as the bundler's work folder
 * (removed at process exit, which a vitest worker does not reach) and what child processes
 * write (they inherit TMPDIR). Called on import of this module; a test file that uses none of
 * it but bundles calls it itself.
 */
export function useScratchTmpdir(): string {
  if (scratch !== undefined) return scratch;
  const dir = mkdtempSync(join(systemTmpdir, "bulkhead-test-"));
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  Object.assign(process.env, { TMPDIR: dir, TMP: dir, TEMP: dir });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
    scratch = undefined;
  });
  scratch = dir;
  return dir;
}

useScratchTmpdir();

/** A throwaway project folder with one spec and handler files, like a user's repository; removed after the test file. */
export function tempProject(specYaml: string, handlers: readonly string[] = [], service = "svc"): string {
  const root = mkdtempSync(join(useScratchTmpdir(), "project-"));
  const specDir = join(root, "services", service);
  mkdirSync(specDir, { recursive: true });
  writeFileSync(join(specDir, "service.yaml"), specYaml);
  for (const handler of handlers) {
    const file = join(specDir, handler);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, "export const handler = async () => ({ batchItemFailures: [] });\n");
  }
  return root;
}

/** The example service; tests name it rather than discovering every services/*\/service.yaml, so a user's own service cannot fail them. */
export const EXAMPLE_SPEC = "services/orders/service.yaml";

/**
 * A folder under the project's .bulkhead-tmp/ (git-ignored) for a test's synth output, emptied
 * now and removed after the test file. Relative to the project root, as --out takes it.
 */
export function projectOutDir(name: string): string {
  const dir = `.bulkhead-tmp/${name}`;
  rmSync(dir, { recursive: true, force: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(cwd: string, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

export function readStack(root: string, stack: string, outDir = "cdktf.out"): Record<string, any> {
  return JSON.parse(readFileSync(join(root, outDir, "stacks", stack, "cdk.tf.json"), "utf8"));
}
