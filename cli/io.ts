export interface Io {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

export type Run = (argv: readonly string[], io: Io) => Promise<number> | number;
