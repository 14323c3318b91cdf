// Runs one terraform command and turns its machine-readable diagnostics into text a person can
// act on: severity, summary, detail, and where (resource address, file and line).
import { spawn } from "node:child_process";

export interface CommandResult {
  command: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

// A hung provider (e.g. one that tries the network) must fail the test, not stall it.
const COMMAND_TIMEOUT_MS = 5 * 60_000;

export function runTerraform(terraformBin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const command = `terraform ${args.join(" ")}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(terraformBin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: COMMAND_TIMEOUT_MS });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      if (signal) stderr += `\n(${command} was stopped by ${signal}${signal === "SIGTERM" ? `: over ${COMMAND_TIMEOUT_MS / 1000} s?` : ""})`;
      resolve({ command, exitCode, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The shape of one diagnostic in `validate -json` and in `plan -json` log lines. */
export interface TerraformDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename: string; start: { line: number } };
  snippet?: { context?: string | null };
}

export function formatDiagnostic(d: TerraformDiagnostic): string {
  const where = [
    d.address ? `with ${d.address}` : "",
    d.range ? `on ${d.range.filename} line ${d.range.start.line}${d.snippet?.context ? `, in ${d.snippet.context}` : ""}` : "",
  ].filter(Boolean);
  const lines = [`${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}`];
  if (where.length) lines.push(`  ${where.join(", ")}`);
  if (d.detail) lines.push(...d.detail.split("\n").map((line) => `  ${line}`));
  return lines.join("\n");
}

/** Diagnostics from `plan -json` (one JSON object per line); non-JSON lines are ignored. */
export function diagnosticsFromJsonLines(stdout: string): TerraformDiagnostic[] {
  return parseJsonLines(stdout).flatMap((line) => (line.type === "diagnostic" && line.diagnostic ? [line.diagnostic as TerraformDiagnostic] : []));
}

export interface ChangeSummary {
  add: number;
  change: number;
  remove: number;
}

export function changeSummaryFromJsonLines(stdout: string): ChangeSummary | undefined {
  const line = parseJsonLines(stdout).find((l) => l.type === "change_summary");
  const changes = line?.changes as ChangeSummary | undefined;
  return changes && { add: changes.add, change: changes.change, remove: changes.remove };
}

function parseJsonLines(text: string): Record<string, unknown>[] {
  return text.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** Everything terraform said about a failed command, its diagnostics first when it gave any. */
export function describeFailure(result: CommandResult, diagnostics: TerraformDiagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const body = errors.length ? errors.map(formatDiagnostic).join("\n\n") : [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join("\n");
  return `${result.command} exited with ${result.exitCode}:\n${body || "(no output)"}`;
}
