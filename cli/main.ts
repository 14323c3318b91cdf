import { version } from "../package.json";
import { OutputDirError } from "../patterns/output/commit-output.js";
import { SpecError, formatProblem } from "../patterns/spec/errors.js";
import { suggestion, UsageError } from "./args.js";
import type { Io } from "./io.js";
import { commands } from "./registry.js";

export type { Io } from "./io.js";

const HELP_WORDS = new Set(["--help", "-h", "help"]);

function overview(): string {
  return ["usage:", ...Object.values(commands).map((c) => `  ${c.usage}`), "  bulkhead --version", "", "bulkhead COMMAND --help tells more."].join("\n");
}

/** Runs one bulkhead command; user mistakes become messages and exit code 1, never stack traces. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_WORDS.has(name)) {
    const topic = name === "help" && rest[0] ? commands[rest[0]] : undefined;
    io.out(topic ? commandHelp(topic) : overview());
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.out(version);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const word = name.startsWith("-") ? `option ${name}` : `command "${name}"`;
    const close = name.startsWith("--") ? suggestion(name.slice(2), ["help", "version"]) : suggestion(name, Object.keys(commands), "");
    io.err(`bulkhead: unknown ${word}${close.startsWith(";") ? close : ""}\n${overview()}`);
    return 1;
  }
  if (rest.some((arg) => arg === "--help" || arg === "-h")) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    const { run } = await command.load();
    return await run(rest, io);
  } catch (err) {
    if (err instanceof SpecError) {
      err.problems.forEach((p) => io.err(formatProblem(p)));
      const errors = err.problems.filter((p) => p.severity === "error").length;
      // check never writes; for synth the point is that a failed run changed nothing.
      io.err(name === "check" ? `${errors} error(s)` : `${errors} error(s); nothing written`);
      return 1;
    }
    if (err instanceof OutputDirError) {
      io.err(`bulkhead ${name}: ${err.message}`);
      return 1;
    }
    if (err instanceof UsageError) {
      io.err(`bulkhead ${name}: ${err.message}\nusage: ${command.usage}`);
      return 1;
    }
    throw err;
  }
}

function commandHelp(command: (typeof commands)[string]): string {
  return [`usage: ${command.usage}`, "", ...command.help].join("\n");
}

export const processIo: Io = {
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
