import { existsSync } from "node:fs";
import { inspect } from "node:util";
import { table } from "./print-table.js";

/**
 * Runs the shard-assignment bench another engineer owns (bench/assignment.ts) when it
 * exists and exports runAssignmentBench, and prints the rows it returns. It is imported
 * by a computed URL so this file type-checks and runs before that one is written.
 */
export async function runAssignmentBenchIfPresent(): Promise<void> {
  const file = new URL("./assignment.ts", import.meta.url);
  if (!existsSync(file)) {
    console.log("assignment bench: skipped, bench/assignment.ts does not exist yet");
    return;
  }
  const module: { runAssignmentBench?: unknown } = await import(file.href);
  if (typeof module.runAssignmentBench !== "function") {
    console.log("assignment bench: skipped, bench/assignment.ts does not export runAssignmentBench()");
    return;
  }
  console.log("assignment bench (bench/assignment.ts):");
  printRows(await module.runAssignmentBench());
}

/** Rows as a table when they are records, line by line when they are text; nothing when it printed its own. */
function printRows(rows: unknown): void {
  if (rows === undefined) return;
  if (!Array.isArray(rows)) {
    console.log(inspect(rows, { depth: 4 }));
    return;
  }
  if (rows.every((row) => typeof row === "object" && row !== null && !Array.isArray(row))) {
    const headers = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    console.log(table(headers, rows.map((row) => headers.map((h) => cell(row[h])))));
    return;
  }
  rows.forEach((row) => console.log(typeof row === "string" ? row : inspect(row)));
}

function cell(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return typeof value === "string" ? value : inspect(value);
}
