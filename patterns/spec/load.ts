import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { SpecError, type SpecProblem } from "./errors.js";
import { issueMessage } from "./issue-message.js";
import { SpecLocator } from "./locate.js";
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
  return parseSpec(file, text);
}

export function parseSpec(file: string, text: string): LoadedSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locator = new SpecLocator(doc, lines);
  if (doc.errors.length > 0) {
    throw new SpecError(
      doc.errors.map((e) => ({
        file,
        ...locator.position(e.pos[0]),
        path: [],
        message: `invalid YAML: ${e.message.split("\n")[0]}`,
        severity: "error" as const,
      })),
    );
  }
  const result = serviceSpec.safeParse(doc.toJS(), { reportInput: true });
  if (!result.success) {
    const problems: SpecProblem[] = result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({
          file,
          ...locator.keyAt(issue.path as (string | number)[], key),
          path: [...(issue.path as (string | number)[]), key],
          message: `unknown key "${key}"`,
          severity: "error" as const,
        }));
      }
      const path = issue.path as (string | number)[];
      return [{ file, ...locator.valueAt(path), path, message: issueMessage(issue), severity: "error" as const }];
    });
    throw new SpecError(sortByPosition(problems));
  }
  return { file, spec: result.data, locator };
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
