import { OperateInputError } from "../operate/errors.js";
import { costReport, DEFAULT_ASSUMPTIONS, MissingPricesError, type Assumptions } from "../operate/cost/index.js";
import { stackModel } from "../operate/stack-model.js";
import { parseArgs, UsageError } from "./args.js";
import { oneSpec } from "./diagram.js";
import type { Run } from "./io.js";

export const run: Run = (argv, io) => {
  const { rates, rest } = takeRates(argv);
  const { positionals, options } = parseArgs(rest, { values: ["env", "rate", "duration-ms", "message-bytes", "log-bytes", "trace-sampling"], flags: ["json"] });
  if (positionals.length > 1) throw new UsageError(`cost estimates one spec at a time (got ${positionals.join(" ")})`);
  const assumptions: Assumptions = {
    durationMs: numberOption(options, "duration-ms", DEFAULT_ASSUMPTIONS.durationMs, { min: 1 }),
    messageBytes: numberOption(options, "message-bytes", DEFAULT_ASSUMPTIONS.messageBytes, { min: 1, integer: true }),
    logBytesPerInvocation: numberOption(options, "log-bytes", DEFAULT_ASSUMPTIONS.logBytesPerInvocation, { min: 0, integer: true }),
    traceSampling: numberOption(options, "trace-sampling", DEFAULT_ASSUMPTIONS.traceSampling, { min: 0, max: 1 }),
  };
  const file = oneSpec(positionals, io.cwd);
  try {
    const model = stackModel(file, io.cwd, options.env as string | undefined);
    io.out(costReport(model, rates, assumptions, options.json ? "json" : "text"));
    return 0;
  } catch (err) {
    if (err instanceof OperateInputError) throw new UsageError(err.message);
    if (err instanceof MissingPricesError) {
      io.err(`bulkhead cost: ${err.message}`);
      return 1;
    }
    throw err;
  }
};

/** `--rate` may be given many times (parseArgs keeps one value per option). */
function takeRates(argv: readonly string[]): { rates: string[]; rest: string[] } {
  const rates: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith("--rate=")) rates.push(arg.slice("--rate=".length));
    else if (arg === "--rate") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError("--rate needs a value, PATTERN=N/s");
      rates.push(value);
    } else rest.push(arg);
  }
  return { rates, rest };
}

function numberOption(options: Record<string, string | true>, name: string, fallback: number, range: { min: number; max?: number; integer?: boolean }): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const ok = typeof raw === "string" && raw.trim() !== "" && Number.isFinite(value) && value >= range.min && (range.max === undefined || value <= range.max) && (!range.integer || Number.isInteger(value));
  if (!ok) throw new UsageError(`--${name} ${raw}: expected ${range.integer ? "a whole number" : "a number"} from ${range.min}${range.max !== undefined ? ` to ${range.max}` : " up"}`);
  return value;
}
