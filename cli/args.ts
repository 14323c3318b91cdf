/** A mistake in how a command was called: printed with the command's usage, exit code 1. */
export class UsageError extends Error {}

export interface ArgSpec {
  /** Options that take a value: `--out DIR` or `--out=DIR`. */
  readonly values?: readonly string[];
  /** Options that stand alone: `--rules`. */
  readonly flags?: readonly string[];
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Record<string, string | true>;
}

/** Splits argv into positionals and options; an option the command does not know is named in the error. */
export function parseArgs(argv: readonly string[], spec: ArgSpec = {}): ParsedArgs {
  const values = spec.values ?? [];
  const flags = spec.flags ?? [];
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--")) throw new UsageError(`unknown option ${arg}${suggestion(arg.replace(/^-+/, ""), [...values, ...flags])}`);
    const [name, inline] = splitOnce(arg.slice(2));
    if (flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
    } else if (values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else throw new UsageError(`unknown option --${name}${suggestion(name, [...values, ...flags])}`);
  }
  return { positionals, options };
}

function splitOnce(text: string): [string, string | undefined] {
  const at = text.indexOf("=");
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** `; did you mean --out?` when a known word is close to the unknown one. */
export function suggestion(word: string, known: readonly string[], prefix = "--"): string {
  const close = known.filter((k) => editDistance(word, k) <= (k.length > 4 ? 2 : 1));
  return close.length > 0 ? `; did you mean ${close.map((k) => `${prefix}${k}`).join(" or ")}?` : known.length > 0 && prefix === "--" ? ` (this command knows ${known.map((k) => `--${k}`).join(", ")})` : "";
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
