import type { SpecPath } from "../model/types.js";

/** A user mistake in a spec, located so that an editor can jump to it. */
export interface SpecProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: SpecPath;
  readonly message: string;
  /** The guardrail that found it, when one did. */
  readonly rule?: string;
  readonly severity: "error" | "warning";
}

/** Thrown when a spec cannot be used; carries every problem found, not just the first. */
export class SpecError extends Error {
  constructor(readonly problems: readonly SpecProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "SpecError";
  }
}

export function formatPath(path: SpecPath): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
}

export function formatProblem(p: SpecProblem): string {
  const rule = p.rule ? ` [${p.rule}]` : "";
  const level = p.severity === "warning" ? "warning: " : "";
  const where = p.path.length > 0 ? ` ${formatPath(p.path)}` : "";
  return `${p.file}:${p.line}:${p.column}${where}: ${level}${p.message}${rule}`;
}

/** A short rendering of a found value for messages: `"text"`, `12`, `a list`, `a map`, `an empty value` (`key:` with nothing after it). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  return String(value);
}
