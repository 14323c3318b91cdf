import type { Activity, CodeEvent, InvocationEvent, LocalReport } from "./types.js";

/**
 * What `bulkhead dev` prints, as text: a line per invocation, a line per code change, the end
 * table. Colour only where it helps (the outcome), and only when wanted.
 */

/**
 * Colour on a terminal, never in a pipe or a file; `NO_COLOR` (any non-empty value, no-color.org)
 * turns it off, and `FORCE_COLOR` (other than 0 or false) on where there is no terminal.
 */
export function colourWanted(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  return isTTY === true;
}

const OUTCOME_COLOURS: Record<InvocationEvent["outcome"], string> = { ok: "32", partial: "33", error: "31", timeout: "35" };
const COUNT_ORDER = ["processed", "duplicate", "failed", "deferred", "expired", "tenantRejected", "deferredForTime"] as const;

const paint = (colour: boolean, code: string, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);

/** `12:03:04` in this machine's time zone. */
export function clock(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/**
 * `12:03:04 orders-dev-ingest ← orders-dev-ingest-3: 2 records, ok in 41 ms (2 processed)`: the
 * function, the queue when it is not the function's own name, the batch size, the outcome, the
 * duration, what the runtime counted, what goes back to the queue and the error.
 */
export function invocationLine(e: InvocationEvent, colour: boolean, at = new Date()): string {
  const from = e.queue === e.function ? "" : ` ← ${e.queue}`;
  const counts = e.counts ? COUNT_ORDER.filter((c) => e.counts![c] > 0).map((c) => `${e.counts![c]} ${c}`) : [];
  const back = e.failed > 0 ? `${e.failed} back to the queue` : "";
  const detail = [counts.join(", "), back].filter((s) => s !== "").join("; ");
  const records = `${e.batchSize} record${e.batchSize === 1 ? "" : "s"}`;
  const outcome = paint(colour, OUTCOME_COLOURS[e.outcome], e.outcome);
  return `${paint(colour, "2", clock(at))} ${e.function}${from}: ${records}, ${outcome} in ${e.durationMs} ms${detail ? ` (${detail})` : ""}${e.error ? `: ${e.error}` : ""}`;
}

/** What a handler edit did: the line, and the located build errors under it. */
export function codeLines(e: CodeEvent, colour: boolean, at = new Date()): string[] {
  const files = e.files.join(", ") || "a handler's file";
  const time = paint(colour, "2", clock(at));
  if (e.outcome === "failed") {
    const kept = e.functions.length > 0 ? `; the others that changed were rebuilt (${e.functions.join(", ")})` : "";
    return [
      `${time} ${files} changed: ${paint(colour, "31", "does not build")}, so the functions it affects keep running their last good code${kept}`,
      ...e.problems.map((p) => `  ${p}`),
    ];
  }
  if (e.outcome === "unchanged") return [`${time} ${files} changed: no function's code changed`];
  return [`${time} ${files} changed: ${paint(colour, "36", "rebuilt")} ${e.functions.join(", ")} in ${e.durationMs} ms; new invocations run the new code`];
}

/** `still working: 3 batches being invoked; 12 messages in 2 queues (4 in flight)`. */
export function activityLine(a: Activity): string {
  const messages = a.queues.reduce((n, q) => n + q.visible + q.delayed + q.inFlight, 0);
  const inFlight = a.queues.reduce((n, q) => n + q.inFlight, 0);
  const parts = [
    ...(a.batches > 0 ? [`${a.batches} batch${a.batches === 1 ? "" : "es"} being invoked`] : []),
    ...(messages > 0 ? [`${messages} message${messages === 1 ? "" : "s"} in ${a.queues.length} queue${a.queues.length === 1 ? "" : "s"} (${inFlight} in flight)`] : []),
  ];
  return parts.join("; ") || "idle";
}

/**
 * The report as two aligned tables: per function that was invoked (the others named on one line
 * after it: a service with many silos would otherwise print a screen of zeros), then per DLQ that
 * holds anything.
 */
export function reportTable(report: LocalReport): string[] {
  const columns = ["invocations", "processed", "duplicate", "failed", "deferred", "expired", "tenantRejected", "timedOut"] as const;
  const all = Object.entries(report.functions);
  const invoked = all.filter(([, f]) => f.invocations > 0);
  const idle = all.filter(([, f]) => f.invocations === 0).map(([name]) => name);
  const rows = [["function", ...columns], ...invoked.map(([name, f]) => [name, ...columns.map((c) => String(f[c]))])];
  const functions = invoked.length === 0 ? ["no function was invoked"] : [...aligned(rows), ...(idle.length > 0 ? [`not invoked: ${idle.join(", ")}`] : [])];
  const dead = Object.entries(report.deadLetterQueues).filter(([, n]) => n > 0);
  return [...functions, "", ...(dead.length > 0 ? aligned([["dead-letter queue", "messages"], ...dead.map(([q, n]) => [q, String(n)])]) : ["every dead-letter queue is empty"])];
}

function aligned(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd());
}
