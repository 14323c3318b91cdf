import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { connectToLocalService, LocalUsageError, type LocalConnection, type SendOptions } from "../local/index.js";
import { caret, parseJson } from "../local/json-text.js";
import { publishedRuns } from "../local/published.js";
import { parseArgs, UsageError } from "./args.js";
import type { Run } from "./io.js";
import { specFile, specFiles } from "./spec-files.js";

/**
 * `bulkhead send [SPEC] PATTERN --body JSON [--env ENV] [--tenant T] [--priority high|low]
 * [--attr k=v]... [--key K]`: one message to the `bulkhead dev` running that spec, sent from this
 * process through the same producer the service's own code uses (router, publisher, priority
 * publisher, claim-check), so routing and the deterministic message id are those of AWS.
 */
export const run: Run = async (argv, io) => {
  const { rest, attributes } = takeAttributes(argv);
  const { positionals, options } = parseArgs(rest, { values: ["body", "env", "tenant", "priority", "key"] });
  if (positionals.length === 0) throw new UsageError("name the pattern to send to (and the spec before it, when the project has several)");
  if (positionals.length > 2) throw new UsageError(`send takes a spec and a pattern; got ${positionals.length} words: ${positionals.join(" ")}`);
  const pattern = positionals.at(-1)!;
  const spec = positionals.length === 2 ? specFile(positionals[0]!, io.cwd) : defaultSpec(io.cwd);
  if (typeof options.body !== "string") throw new UsageError(`--body is required: the message as JSON, e.g. --body '{"orderId": "7"}' (or --body @FILE)`);
  const body = parseBody(options.body, io.cwd);
  const sendOptions: SendOptions = {
    ...(typeof options.tenant === "string" ? { tenant: options.tenant } : {}),
    ...(typeof options.priority === "string" ? { priority: options.priority as "high" | "low" } : {}),
    ...(typeof options.key === "string" ? { key: options.key } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };

  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  let connection: LocalConnection;
  try {
    connection = await connectToLocalService(spec, { projectRoot: io.cwd, ...(typeof options.env === "string" ? { env: options.env } : {}) });
  } catch (error) {
    if (!(error instanceof LocalUsageError)) throw error;
    io.err(`bulkhead send: ${error.message}`);
    return 1;
  }
  try {
    const refused = connection.checkSend(pattern, sendOptions);
    if (refused) throw new UsageError(refused);
    const { run: dev } = connection;
    let sent;
    try {
      sent = await connection.send(pattern, body, sendOptions);
    } catch (error) {
      if (error instanceof LocalUsageError) throw new UsageError(error.message);
      const refusedConnection = isConnectionRefused(error);
      io.err(
        refusedConnection
          ? `bulkhead send: bulkhead dev (pid ${dev.pid}) does not answer at ${dev.endpoints.sqs}; it may be stopping, or was stopped without cleaning up: start it again`
          : `bulkhead send: could not send to ${pattern}: ${(error as Error).message}`,
      );
      return 1;
    }
    const copies = connection.runningCopies > 1 ? ` (the newest of ${connection.runningCopies} running)` : "";
    io.out(`sent to ${sent.to} (pattern ${pattern}, key ${sent.key}, bulkhead-message-id ${sent.bulkheadMessageId}); bulkhead dev pid ${dev.pid}${copies} runs ${dev.spec} (${dev.environment})`);
    return 0;
  } finally {
    connection.close();
  }
};

/** `--attr k=v`, as often as needed (the shared parser keeps one value per option). */
function takeAttributes(argv: readonly string[]): { rest: string[]; attributes: Record<string, string> } {
  const rest: string[] = [];
  const attributes: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg !== "--attr" && !arg.startsWith("--attr=")) {
      rest.push(arg);
      continue;
    }
    const pair = arg === "--attr" ? argv[++i] : arg.slice("--attr=".length);
    if (pair === undefined || pair.startsWith("--")) throw new UsageError("--attr needs a value: --attr NAME=VALUE");
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--attr takes NAME=VALUE, got ${JSON.stringify(pair)}`);
    const name = pair.slice(0, at);
    if (Object.hasOwn(attributes, name)) throw new UsageError(`--attr ${name} is given twice`);
    attributes[name] = pair.slice(at + 1);
  }
  return { rest, attributes };
}

/** Inline JSON, or `@FILE`; either way a mistake is shown where it is. */
function parseBody(text: string, cwd: string): unknown {
  if (text.startsWith("@")) {
    const file = text.slice(1);
    let content: string;
    try {
      content = readFileSync(resolve(cwd, file), "utf8");
    } catch (error) {
      throw new UsageError(`--body ${text}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const parsed = parseJson(content);
    if ("problem" in parsed) throw new UsageError([`${file}:${parsed.problem.line}:${parsed.problem.column}: --body is not JSON: ${parsed.problem.message}`, ...caret(content, parsed.problem)].join("\n"));
    return parsed.value;
  }
  const parsed = parseJson(text);
  if ("problem" in parsed) {
    const where = text.includes("\n") ? `line ${parsed.problem.line}, column ${parsed.problem.column}` : `column ${parsed.problem.column}`;
    throw new UsageError([`--body is not JSON: ${parsed.problem.message} at ${where}:`, ...caret(text, parsed.problem)].join("\n"));
  }
  return parsed.value;
}

/** No spec named: the one a running dev runs, else the project's one spec. */
function defaultSpec(cwd: string): string {
  const running = [...new Set(publishedRuns(cwd).map((f) => f.run.spec))];
  if (running.length === 1) return running[0]!;
  if (running.length > 1) throw new UsageError(`bulkhead dev runs ${running.join(" and ")}; name the spec before the pattern`);
  const { files } = specFiles([], cwd);
  if (files.length !== 1) throw new UsageError(`the project has ${files.length} specs; name one before the pattern (${files.join(", ")})`);
  return files[0]!;
}

function isConnectionRefused(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown; name?: string } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === "ECONNREFUSED" || e.name === "ECONNREFUSED") return true;
  }
  return /ECONNREFUSED/.test(String((error as Error)?.message ?? ""));
}
