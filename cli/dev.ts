import { LocalUsageError, startLocalService, type InvocationEvent, type LocalEvent, type LocalReport } from "../local/index.js";
import { parseArgs, UsageError } from "./args.js";
import type { Io, Run } from "./io.js";
import { specFiles } from "./spec-files.js";

/**
 * `bulkhead dev [SPEC] [--env ENV] [--logs]`: runs one environment of a service locally until
 * Ctrl-C (or SIGTERM), a line per invocation while it runs, the report at the end.
 */
export const run: Run = async (argv, io) => {
  const { positionals, options } = parseArgs(argv, { values: ["env"], flags: ["logs"] });
  const specs = specFiles(positionals, io.cwd);
  if (specs.files.length !== 1) throw new UsageError(`dev runs one service; name one of ${specs.files.join(", ")}`);
  const spec = specs.files[0]!;
  const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  const service = await startLocalService(spec, {
    projectRoot: io.cwd,
    ...(typeof options.env === "string" ? { env: options.env } : {}),
    onEvent: (event) => show(event, io, { colour, logs: options.logs === true }),
  }).catch((error: unknown) => {
    throw error instanceof LocalUsageError ? new UsageError(error.message) : error;
  });
  io.out(`${spec} (${service.environment}) runs locally: SQS, SNS and S3 at ${service.endpoints.sqs}, DynamoDB at ${service.endpoints.dynamodb}; Ctrl-C stops it`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  const report = service.report();
  await service.stop();
  reportTable(report).forEach((line) => io.out(line));
  return 0;
};

function show(event: LocalEvent, io: Io, how: { colour: boolean; logs: boolean }): void {
  if (event.kind === "invocation") io.out(invocationLine(event, how.colour));
  else if (event.kind === "problem" || event.kind === "warning") io.err(`bulkhead dev: ${event.message}`);
  else if (how.logs) io.out(`  ${event.function} | ${event.line}`);
}

const COLOURS: Record<InvocationEvent["outcome"], string> = { ok: "32", partial: "33", error: "31", timeout: "35" };

export function invocationLine(e: InvocationEvent, colour: boolean): string {
  const outcome = colour ? `\u001b[${COLOURS[e.outcome]}m${e.outcome}\u001b[0m` : e.outcome;
  const failed = e.failed > 0 ? `, ${e.failed} back to the queue` : "";
  const error = e.error ? `: ${e.error}` : "";
  return `${e.function} ← ${e.queue}: ${e.batchSize} record(s), ${outcome} in ${e.durationMs} ms${failed}${error}`;
}

/** The report as two aligned tables: per function, then per DLQ that holds anything. */
export function reportTable(report: LocalReport): string[] {
  const columns = ["invocations", "processed", "duplicate", "failed", "deferred", "expired", "tenantRejected", "timedOut"] as const;
  const rows = [["function", ...columns], ...Object.entries(report.functions).map(([name, f]) => [name, ...columns.map((c) => String(f[c]))])];
  const dead = Object.entries(report.deadLetterQueues).filter(([, n]) => n > 0);
  return [...aligned(rows), "", ...(dead.length > 0 ? aligned([["dead-letter queue", "messages"], ...dead.map(([q, n]) => [q, String(n)])]) : ["every dead-letter queue is empty"])];
}

function aligned(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd());
}
