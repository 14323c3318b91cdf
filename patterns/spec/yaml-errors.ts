import { isScalar, Parser, visit, type Document, type YAMLError } from "yaml";

/**
 * The YAML parser's errors, worded for the person who wrote the file. The parser notices an
 * unclosed `[` where the file ends or the indentation drops back, and a duplicate key without its
 * name; here each says what is wrong where it is: at the bracket or quote that opened, at the
 * duplicate key with the line of the first.
 */

export interface YamlProblem {
  /** Offset in the text. */
  readonly offset: number;
  readonly message: string;
}

const CLOSING: Record<string, { close: string; what: string }> = {
  "[": { close: "]", what: "list" },
  "{": { close: "}", what: "map" },
};

export function yamlProblems(doc: Document, text: string, linePos: (offset: number) => { line: number; col: number }): YamlProblem[] {
  const openings = unclosed(text);
  const problems: YamlProblem[] = openings.map((o) =>
    o.char === '"' || o.char === "'"
      ? { offset: o.offset, message: `invalid YAML: the ${o.char} that starts this string is never closed` }
      : { offset: o.offset, message: `invalid YAML: this "${o.char}" is never closed; end the ${CLOSING[o.char]!.what} with "${CLOSING[o.char]!.close}"` },
  );
  for (const error of doc.errors) {
    // Where an opening was found, the parser's own complaint about it, at the end, only repeats it.
    if (openings.some((o) => o.offset <= error.pos[0]) && explainedByOpening(error)) continue;
    problems.push({ offset: error.pos[0], message: error.code === "DUPLICATE_KEY" ? duplicateKey(doc, error, linePos) : `invalid YAML: ${error.message.split("\n")[0]}` });
  }
  return problems;
}

function explainedByOpening(error: YAMLError): boolean {
  if (error.code === "MISSING_CHAR") return true;
  return /flow (sequence|map|collection)|end with a [\]}]/i.test(error.message);
}

function duplicateKey(doc: Document, error: YAMLError, linePos: (offset: number) => { line: number; col: number }): string {
  let message = "invalid YAML: duplicate key";
  visit(doc, {
    Map(_, map) {
      const duplicate = map.items.find((p) => isScalar(p.key) && p.key.range?.[0] === error.pos[0]);
      if (!duplicate || !isScalar(duplicate.key)) return undefined;
      const key = duplicate.key.value;
      const first = map.items.find((p) => isScalar(p.key) && p.key.value === key);
      const at = first && isScalar(first.key) && first !== duplicate && first.key.range ? linePos(first.key.range[0]) : undefined;
      const here = linePos(error.pos[0]);
      const where = at === undefined ? "" : at.line === here.line ? ` (first at column ${at.col})` : ` (first at line ${at.line})`;
      message = `invalid YAML: duplicate key ${JSON.stringify(String(key))}${where}`;
      return visit.BREAK;
    },
  });
  return message;
}

interface Opening {
  readonly offset: number;
  readonly char: string;
}

/**
 * Flow collections without their closing bracket, and quoted scalars without their closing quote.
 * In `{ a: [1, 2 }` the `[` took the `}` as its end: only the `[` is unclosed, the `{` is not.
 */
function unclosed(text: string): Opening[] {
  const found: (Opening & { closedByChild?: boolean })[] = [];
  const walk = (token: unknown, open: (Opening & { closedByChild?: boolean })[]): void => {
    if (typeof token !== "object" || token === null) return;
    const t = token as { type?: string; offset?: number; source?: string; start?: unknown; end?: unknown; items?: unknown[]; value?: unknown };
    let inner = open;
    if (t.type === "flow-collection") {
      const start = t.start as { source: string; offset: number };
      const closing = CLOSING[start.source]?.close;
      const ends = ((t.end as { source?: string }[] | undefined) ?? []).map((e) => e.source);
      if (closing && !ends.includes(closing)) {
        const opening = { offset: start.offset, char: start.source };
        found.push(opening);
        inner = [...open, opening];
        const stray = ends.find((e) => e === "]" || e === "}");
        const parent = stray && [...open].reverse().find((o) => CLOSING[o.char]?.close === stray);
        if (parent) parent.closedByChild = true;
      }
    }
    if ((t.type === "double-quoted-scalar" || t.type === "single-quoted-scalar") && typeof t.source === "string" && typeof t.offset === "number") {
      const closed = t.type === "double-quoted-scalar" ? /^"(?:[^"\\]|\\[\s\S])*"$/ : /^'(?:[^']|'')*'$/;
      if (!closed.test(t.source)) found.push({ offset: t.offset, char: t.source[0]! });
    }
    for (const item of t.items ?? []) {
      const i = item as { key?: unknown; value?: unknown };
      walk(i.key, inner);
      walk(i.value, inner);
    }
    walk(t.value, inner);
  };
  for (const token of new Parser().parse(text)) walk(token, []);
  return found.filter((o) => !o.closedByChild).sort((a, b) => a.offset - b.offset);
}
