import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { activityLine, codeLines, colourWanted, invocationLine, reportTable } from "../local/console.js";
import { LocalUsageError, parseReplay, startLocalService, type LocalEvent, type LocalReport, type LocalService, type ReplayEntry, type ReplayProblem } from "../local/index.js";
import { projectSpec } from "../local/published.js";
import { parseArgs, UsageError } from "./args.js";
import type { Io, Run } from "./io.js";
import { specFiles } from "./spec-files.js";

/** A batch run that does not drain within this long has stopped making progress, or is far bigger than a local run should be. */
const DEFAULT_TIMEOUT_SECONDS = 300;
/** Sends of a replay in flight at once, started in the file's order (standard queues keep no order anyway). */
const REPLAY_WINDOW = 8;
/** How often a batch run that waits for idle says what it waits for. */
const WAITING_EVERY_MS = 5_000;
/** At most this many bad lines of a replay file are printed. */
const MAX_PROBLEMS_SHOWN = 20;

type Outcome = "idle" | "timeout" | "interrupted" | "send-failed" | "stopped";

/**
 * `bulkhead dev [SPEC] [--env ENV] [--logs] [--quiet] [--replay FILE.jsonl] [--until-idle]
 * [--report FILE.json] [--timeout SECONDS]`: runs one environment of a service locally, a line
 * per invocation while it runs, the report at the end. Interactive (until Ctrl-C or SIGTERM), it
 * watches the handlers and runs edited code from the next invocation, and publishes where it runs
 * for `bulkhead send`. With `--until-idle` it ends by itself once every queue is empty and nothing
 * is in flight: exit 0, or 1 when `--timeout` passed first (the report says `"outcome": "timeout"`).
 */
export const run: Run = async (argv, io) => {
  const { positionals, options } = parseArgs(argv, { values: ["env", "replay", "report", "timeout"], flags: ["logs", "quiet", "until-idle"] });
  const specs = specFiles(positionals, io.cwd);
  if (specs.files.length !== 1) throw new UsageError(`dev runs one service; name one of ${specs.files.join(", ")}`);
  const spec = projectSpec(io.cwd, specs.files[0]!);
  const untilIdle = options["until-idle"] === true;
  if (options.timeout !== undefined && !untilIdle) throw new UsageError("--timeout limits an --until-idle run; without --until-idle, dev runs until Ctrl-C");
  const timeoutSeconds = options.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(options.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout takes a number of seconds above 0, got ${String(options.timeout)}`);
  const reportFile = typeof options.report === "string" ? options.report : undefined;

  // Read and checked before anything starts: a bad line is found in a moment, and nothing is sent.
  const replayFile = typeof options.replay === "string" ? options.replay : undefined;
  let replay: ReplayEntry[] = [];
  if (replayFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, replayFile), "utf8");
    } catch (error) {
      throw new UsageError(`cannot read the replay file ${replayFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const parsed = parseReplay(text);
    if (parsed.problems.length > 0) return badReplay(replayFile, parsed.problems, io);
    replay = parsed.entries;
  }

  // The SDK's notice about this machine's Node.js is about the CLI's own process, not the functions' runtime.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const colour = colourWanted(process.stdout.isTTY, process.env);
  const show = { colour, logs: options.logs === true, quiet: options.quiet === true, hinted: false };
  const service = await startLocalService(spec, {
    projectRoot: io.cwd,
    ...(typeof options.env === "string" ? { env: options.env } : {}),
    onEvent: (event) => print(event, io, show),
    watch: !untilIdle,
    publish: true,
  }).catch((error: unknown) => {
    throw error instanceof LocalUsageError ? new UsageError(error.message) : error;
  });

  const problems = replay.flatMap((e) => {
    const refused = service.checkSend(e.pattern, e.options);
    return refused ? [{ line: e.line, message: refused }] : [];
  });
  if (problems.length > 0) {
    await service.stop();
    return badReplay(replayFile!, problems, io);
  }

  io.out(`${spec} (${service.environment}) runs locally: SQS, SNS and S3 at ${service.endpoints.sqs}, DynamoDB at ${service.endpoints.dynamodb}${untilIdle ? "" : "; Ctrl-C stops it"}`);
  if (!untilIdle) io.out(`handler edits are rebuilt and run from the next invocation; send with: bulkhead send ${spec} PATTERN --body JSON`);

  const interrupted = signalled();
  const started = Date.now();
  let outcome: Outcome = "stopped";
  let sent = 0;
  try {
    if (replay.length > 0) {
      const result = await replayInto(service, replay, replayFile!, io, interrupted.promise);
      sent = result.sent;
      if (result.failed) outcome = "send-failed";
      else if (result.interrupted) outcome = "interrupted";
    }
    if (outcome === "stopped") {
      if (untilIdle) outcome = await untilIdleOrTimeout(service, timeoutSeconds, io, interrupted.promise);
      else await interrupted.promise;
    }
  } finally {
    interrupted.dispose();
  }

  const report = service.report();
  await service.stop();
  reportTable(report).forEach((line) => io.out(line));
  if (reportFile !== undefined) {
    writeReport(resolve(io.cwd, reportFile), { spec, environment: service.environment, outcome, sent, durationMs: Date.now() - started, report });
    io.out(`report written to ${reportFile}`);
  }
  if (outcome === "timeout") return 1;
  if (outcome === "send-failed") return 1;
  if (outcome === "interrupted" && untilIdle) return 130;
  return 0;
};

function print(event: LocalEvent, io: Io, how: { colour: boolean; logs: boolean; quiet: boolean; hinted?: boolean }): void {
  if (event.kind === "invocation") {
    if (!how.quiet) io.out(invocationLine(event, how.colour));
    if (event.failed > 0 && !how.logs && !how.hinted) {
      // The runtime logs why each record failed; without --logs those lines are not shown.
      io.err("bulkhead dev: records failed; --logs prints what the functions log, including why");
      how.hinted = true;
    }
  } else if (event.kind === "code") codeLines(event, how.colour).forEach((line) => io.out(line));
  else if (event.kind === "problem" || event.kind === "warning") io.err(`bulkhead dev: ${event.message}`);
  else if (how.logs) io.out(`  ${event.function} | ${event.line}`);
}

function badReplay(file: string, problems: readonly ReplayProblem[], io: Io): number {
  for (const p of problems.slice(0, MAX_PROBLEMS_SHOWN)) io.err(`${file}:${p.line}${p.column !== undefined ? `:${p.column}` : ""}: ${p.message}`);
  if (problems.length > MAX_PROBLEMS_SHOWN) io.err(`… and ${problems.length - MAX_PROBLEMS_SHOWN} more`);
  const lines = new Set(problems.map((p) => p.line)).size;
  io.err(`bulkhead dev: ${lines} bad line${lines === 1 ? "" : "s"} in ${file}; nothing was sent`);
  return 1;
}

/**
 * Sends every entry, in the file's order, a few at a time; a progress line every tenth of the
 * file (at least every 100 lines) and at the end. A send that fails stops the replay there.
 */
async function replayInto(service: LocalService, entries: readonly ReplayEntry[], file: string, io: Io, interrupted: Promise<void>) {
  const step = Math.max(100, Math.ceil(entries.length / 10));
  const started = Date.now();
  let next = 0;
  let sent = 0;
  let failed = false;
  let stop = false;
  void interrupted.then(() => (stop = true));
  const worker = async () => {
    while (!stop && !failed && next < entries.length) {
      const entry = entries[next++]!;
      try {
        await service.send(entry.pattern, entry.body, entry.options);
      } catch (error) {
        if (!failed) io.err(`${file}:${entry.line}: could not send: ${(error as Error).message}`);
        failed = true;
        return;
      }
      sent++;
      if (sent % step === 0 && sent < entries.length) io.out(`replay: ${sent} of ${entries.length} messages sent (${seconds(Date.now() - started)})`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(REPLAY_WINDOW, entries.length) }, worker));
  if (failed) io.err(`bulkhead dev: the replay stopped after ${sent} of ${entries.length} messages`);
  else if (stop) io.out(`replay: interrupted after ${sent} of ${entries.length} messages`);
  else io.out(`replay: ${sent} messages from ${file} sent in ${seconds(Date.now() - started)}`);
  return { sent, failed, interrupted: stop && !failed };
}

async function untilIdleOrTimeout(service: LocalService, timeoutSeconds: number, io: Io, interrupted: Promise<void>): Promise<Outcome> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let stop = false;
  void interrupted.then(() => (stop = true));
  let said = Date.now();
  for (;;) {
    const now = service.activity();
    if (now.batches === 0 && now.queues.length === 0) {
      io.out("idle: every queue is empty and nothing is in flight");
      return "idle";
    }
    if (stop) return "interrupted";
    if (Date.now() >= deadline) {
      io.err(`bulkhead dev: not idle after ${timeoutSeconds} s (--timeout): ${activityLine(now)}; stopping`);
      return "timeout";
    }
    if (Date.now() - said >= WAITING_EVERY_MS) {
      io.out(`waiting until idle: ${activityLine(now)}`);
      said = Date.now();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface ReportFile {
  readonly spec: string;
  readonly environment: string;
  readonly outcome: Outcome;
  readonly sent: number;
  readonly durationMs: number;
  readonly report: LocalReport;
}

function writeReport(path: string, { report, ...run }: ReportFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ ...run, functions: report.functions, deadLetterQueues: report.deadLetterQueues }, null, 2)}\n`);
}

/** Resolves on the first Ctrl-C or SIGTERM; `dispose` gives the signals back. */
function signalled(): { promise: Promise<void>; dispose: () => void } {
  let resolveIt: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolveIt = r));
  const on = () => resolveIt();
  process.on("SIGINT", on);
  process.on("SIGTERM", on);
  return {
    promise,
    dispose: () => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
