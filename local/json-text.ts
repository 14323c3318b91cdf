/** JSON text that did not parse: where, and what JSON.parse said (without its position words). */
export interface JsonProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The value, or where the text stops being JSON (1-based line and column within `text`). */
export function parseJson(text: string): { value: unknown } | { problem: JsonProblem } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    // V8 says "at position 12" (Node 20), or "(line 1 column 13)" with it (Node 22); the end of the text otherwise.
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    let at: { line: number; column: number };
    if (lineColumn) at = { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
    else at = locate(text, position ? Number(position[1]) : text.length);
    const words = message
      .replace(/\s*in JSON at position \d+.*$/, "")
      .replace(/, ".*" is not valid JSON$/s, "")
      .replace(/\s*\(line \d+ column \d+\)$/, "")
      .replace(/ at position \d+.*$/, "");
    return { problem: { ...at, message: words || message } };
  }
}

function locate(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** The line of `text` with a caret under the column: how a terminal shows where JSON broke. */
export function caret(text: string, problem: JsonProblem): string[] {
  const line = text.split("\n")[problem.line - 1] ?? "";
  // A long line is shown around the column only.
  const from = Math.max(0, problem.column - 60);
  const shown = (from > 0 ? "…" : "") + line.slice(from, from + 100);
  return [`  ${shown}`, `  ${" ".repeat(problem.column - 1 - from + (from > 0 ? 1 : 0))}^`];
}
