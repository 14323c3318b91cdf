/** Splits argv into positionals and `--flag value` / `--flag` options; unknown flags are errors. */
export function parseArgs(argv: readonly string[], valueFlags: readonly string[], boolFlags: readonly string[] = []) {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [flag, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (boolFlags.includes(flag)) options[flag] = true;
    else if (valueFlags.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${flag} needs a value`);
      options[flag] = value;
    } else throw new UsageError(`unknown option --${flag}`);
  }
  return { positionals, options };
}

export class UsageError extends Error {}
