import { parseJson } from "./json-text.js";
import type { SendOptions } from "./types.js";
import { closeTo } from "./words.js";

/** One message of a replay file, with the line it came from. */
export interface ReplayEntry {
  readonly line: number;
  readonly pattern: string;
  readonly body: unknown;
  readonly options: SendOptions;
}

export interface ReplayProblem {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

const KEYS = ["pattern", "body", "tenant", "priority", "attributes", "key"] as const;

/**
 * A replay file: JSON Lines, one message a line, `{"pattern": "...", "body": {...}}` with optional
 * `"tenant"`, `"priority"` ("high" or "low"), `"attributes"` (string values) and `"key"` (the business
 * key; default a fresh one per line). Blank lines are skipped. Every line is checked, and every
 * problem returned with its line number; `check` adds what only the service can tell (a pattern it
 * does not have, a tenant a routed pattern needs).
 */
export function parseReplay(text: string, check?: (pattern: string, options: SendOptions) => string | undefined): { entries: ReplayEntry[]; problems: ReplayProblem[] } {
  const entries: ReplayEntry[] = [];
  const problems: ReplayProblem[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = i + 1;
    const source = raw.replace(/\r$/, "");
    if (source.trim() === "") return;
    const parsed = parseJson(source);
    if ("problem" in parsed) {
      problems.push({ line, column: parsed.problem.column, message: `not JSON: ${parsed.problem.message}` });
      return;
    }
    const value = parsed.value;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push({ line, message: `must be a JSON object {"pattern": "...", "body": ...}, got ${Array.isArray(value) ? "an array" : JSON.stringify(value)}` });
      return;
    }
    const record = value as Record<string, unknown>;
    const own: string[] = [];
    const unknown = Object.keys(record).filter((k) => !(KEYS as readonly string[]).includes(k));
    for (const k of unknown) {
      const close = KEYS.filter((known) => closeTo(k, known));
      own.push(close.length > 0 ? `unknown key "${k}"; did you mean "${close[0]}"?` : `unknown key "${k}"; a line takes ${KEYS.join(", ")}`);
    }
    const { pattern, body, tenant, priority, attributes, key } = record;
    if (typeof pattern !== "string" || pattern === "") own.push(`"pattern" must be the name of one of the service's patterns, got ${JSON.stringify(pattern) ?? "nothing"}`);
    if (!("body" in record)) own.push(`"body" is missing: the message, any JSON value`);
    if (tenant !== undefined && (typeof tenant !== "string" || tenant === "")) own.push(`"tenant" must be a non-empty string, got ${JSON.stringify(tenant)}`);
    if (priority !== undefined && priority !== "high" && priority !== "low") own.push(`"priority" must be "high" or "low", got ${JSON.stringify(priority)}`);
    if (key !== undefined && (typeof key !== "string" || key === "")) own.push(`"key" must be a non-empty string, got ${JSON.stringify(key)}`);
    if (attributes !== undefined) {
      if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) own.push(`"attributes" must be an object of string values, got ${JSON.stringify(attributes)}`);
      else for (const [name, v] of Object.entries(attributes)) if (typeof v !== "string") own.push(`attribute "${name}" must be a string, got ${JSON.stringify(v)}`);
    }
    if (own.length > 0) {
      own.forEach((message) => problems.push({ line, message }));
      return;
    }
    const options: SendOptions = {
      ...(tenant !== undefined ? { tenant: tenant as string } : {}),
      ...(priority !== undefined ? { priority: priority as "high" | "low" } : {}),
      ...(attributes !== undefined ? { attributes: attributes as Record<string, string> } : {}),
      ...(key !== undefined ? { key: key as string } : {}),
    };
    const refused = check?.(pattern as string, options);
    if (refused) problems.push({ line, message: refused });
    else entries.push({ line, pattern: pattern as string, body, options });
  });
  return { entries, problems };
}
