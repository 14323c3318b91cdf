import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { SpecError, type SpecProblem } from "./errors.js";
import { issueMessage } from "./issue-message.js";
import { SpecLocator } from "./locate.js";
import { knownKeysAt, nestedKeysAt, schemaAt } from "./schema-walk.js";
import { closest } from "./suggest.js";
import { yamlProblems } from "./yaml-errors.js";
import type { SpecPath } from "../model/types.js";
import { serviceSpec, type ServiceSpec } from "./schema.js";

export interface LoadedSpec {
  /** The spec file as the user named it, relative to the working folder where possible. */
  readonly file: string;
  readonly spec: ServiceSpec;
  readonly locator: SpecLocator;
}

/** Reads, parses and validates one spec file; throws a SpecError listing every problem. */
export function loadSpec(path: string, file = path): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(err);
    throw new SpecError([{ file, line: 1, column: 1, path: [], message: reason, severity: "error" }]);
  }
  return parsedOnce(file, text);
}

/**
 * The type-check and the pipeline each load every spec (the type-check first, so that tsc can
 * start early); the second load of the same text is the first one's result. Keyed by content,
 * so an edited spec is parsed anew; a few are kept, for a process that runs many synths.
 */
const recent = new Map<string, LoadedSpec>();
const KEPT = 16;

function parsedOnce(file: string, text: string): LoadedSpec {
  const key = `${file}\0${text}`;
  const known = recent.get(key);
  if (known) return known;
  const loaded = parseSpec(file, text);
  recent.set(key, loaded);
  if (recent.size > KEPT) recent.delete(recent.keys().next().value!);
  return loaded;
}

export function parseSpec(file: string, text: string): LoadedSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locator = new SpecLocator(doc, lines, text);
  if (doc.errors.length > 0) {
    throw new SpecError(
      sortByPosition(
        yamlProblems(doc, text, (offset) => lines.linePos(offset)).map((p) => ({
          file,
          ...locator.position(p.offset),
          path: [],
          message: p.message,
          severity: "error" as const,
        })),
      ),
    );
  }
  const input: unknown = doc.toJS();
  const result = serviceSpec.safeParse(input, { reportInput: true });
  if (!result.success) throw new SpecError(sortByPosition(schemaProblems(file, locator, input, result.error.issues)));
  return { file, spec: result.data, locator };
}

type Issue = z.core.$ZodIssue;

/** Located problems for zod's issues; an unknown key that is a misspelling of a missing one is one problem, not two. */
function schemaProblems(file: string, locator: SpecLocator, input: unknown, issues: readonly Issue[]): SpecProblem[] {
  const flat = issues.flatMap((issue) => flattenUnion(issue));
  const problems: SpecProblem[] = [];
  /** The paths (joined with ".") of the keys an unknown key was taken for. */
  const meant = new Set<string>();
  for (const issue of flat) {
    if (issue.code !== "unrecognized_keys") continue;
    const path = issue.path as (string | number)[];
    for (const key of issue.keys) {
      const { message, suggested } = unknownKeyMessage(path, key, input, issue.input);
      if (suggested) meant.add([...path, suggested].join("."));
      problems.push({ file, ...locator.keyAt(path, key), path: [...path, key], message, severity: "error" });
    }
  }
  for (const issue of flat) {
    if (issue.code === "unrecognized_keys") continue;
    const path = issue.path as (string | number)[];
    const absent = issue.input === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value");
    if (absent && meant.has(path.join("."))) continue;
    const at =
      issue.code === "invalid_key" && path.length > 0
        ? locator.keyAt(path.slice(0, -1), String(path[path.length - 1]))
        : issue.code === "custom" && typeof issue.params?.valueOffset === "number"
          ? locator.insideValue(path, issue.params.valueOffset)
          : locator.valueAt(path);
    problems.push({ file, ...at, path, message: issueMessage(issue, schemaAt(serviceSpec, path, input)), severity: "error" });
  }
  return problems;
}

/**
 * A value that fits no option of a plain union: where exactly one option got past the value's
 * kind (a map for the map option) and failed deeper, that option's issues say what is wrong; where
 * every option is a single value, one "expected one of" lists them all.
 */
function flattenUnion(issue: Issue): Issue[] {
  if (issue.code !== "invalid_union" || ("discriminator" in issue && issue.discriminator) || issue.errors.length === 0) return [issue];
  const atRoot = (errors: readonly Issue[]) => errors.length === 1 && errors[0]!.path.length === 0;
  if (issue.errors.every((errors) => atRoot(errors) && errors[0]!.code === "invalid_value")) {
    const values = issue.errors.flatMap((errors) => (errors[0] as z.core.$ZodIssueInvalidValue).values);
    return [{ code: "invalid_value", values, path: issue.path, input: issue.input, message: issue.message } as Issue];
  }
  const deeper = issue.errors.filter((errors) => !(atRoot(errors) && (errors[0]!.code === "invalid_type" || errors[0]!.code === "invalid_value")));
  if (deeper.length !== 1) return [issue];
  return deeper[0]!.flatMap((inner) => flattenUnion({ ...inner, path: [...issue.path, ...inner.path] } as Issue));
}

/** The one known key that begins with `key`: `maxConcurrency` is `maxConcurrencyPerShard` in a sharded consumer. */
function longerName(key: string, known: readonly string[]): string | undefined {
  if (key.length < 4) return undefined;
  const longer = known.filter((k) => k.toLowerCase().startsWith(key.toLowerCase()));
  return longer.length === 1 ? longer[0] : undefined;
}

/**
 * `unknown key "shardPerTenant"; did you mean "shardsPerTenant"?` — the nearest key the map knows
 * and does not have yet, else one a map inside it knows, else the known keys when they are few.
 */
function unknownKeyMessage(path: readonly (string | number)[], key: string, input: unknown, map: unknown): { message: string; suggested?: string } {
  const base = `unknown key ${JSON.stringify(key)}`;
  const known = knownKeysAt(serviceSpec, path, input);
  if (!known) return { message: base };
  const present = new Set(typeof map === "object" && map !== null ? Object.keys(map) : []);
  const suggested = closest(key, known.filter((k) => !present.has(k))) ?? longerName(key, known.filter((k) => !present.has(k)));
  if (suggested) return { message: `${base}; did you mean ${JSON.stringify(suggested)}?`, suggested };
  const alreadySet = closest(key, known.filter((k) => present.has(k)));
  if (alreadySet) return { message: `${base}; ${JSON.stringify(alreadySet)} is already set` };
  for (const [parent, keys] of nestedKeysAt(serviceSpec, path, input)) {
    const nested = closest(key, keys);
    if (nested) return { message: `${base}; did you mean ${JSON.stringify(nested)} under ${JSON.stringify(parent)}?` };
  }
  if (known.length <= 10) return { message: `${base}; known keys: ${known.join(", ")}` };
  return { message: base };
}

/** A problem at a spec path of a loaded spec, located in its file. */
export function problemAt(
  loaded: LoadedSpec,
  path: SpecPath,
  message: string,
  how: { readonly rule?: string; readonly severity?: SpecProblem["severity"] } = {},
): SpecProblem {
  return { file: loaded.file, ...loaded.locator.valueAt(path), path, message, severity: how.severity ?? "error", ...(how.rule ? { rule: how.rule } : {}) };
}

export function sortByPosition<T extends { line: number; column: number }>(problems: T[]): T[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}
