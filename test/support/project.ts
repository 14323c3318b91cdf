import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCli } from "../../cli/main.js";

/** A throwaway project folder with one spec and handler files, like a user's repository. */
export function tempProject(specYaml: string, handlers: readonly string[] = [], service = "svc"): string {
  const root = mkdtempSync(join(tmpdir(), "bulkhead-test-"));
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
