import { SpecError, formatProblem } from "../patterns/spec/errors.js";
import { OutputDirError } from "../patterns/synthesize.js";
import { UsageError } from "./args.js";
import { commands, type Io } from "./commands.js";

/** Runs one bulkhead command; user mistakes become messages and exit code 1, never stack traces. */
export function runCli(argv: readonly string[], io: Io): number {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const lines = Object.values(commands).map((c) => `  ${c.usage}`);
    (name && name !== "help" && name !== "--help" ? io.err : io.out)(["usage:", ...lines].join("\n"));
    return name && name !== "help" && name !== "--help" ? 1 : 0;
  }
  try {
    return command.run(rest, io);
  } catch (err) {
    if (err instanceof SpecError) {
      err.problems.forEach((p) => io.err(formatProblem(p)));
      const errors = err.problems.filter((p) => p.severity === "error").length;
      io.err(`${errors} error(s); nothing written`);
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

export const processIo: Io = {
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
