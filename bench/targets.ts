import { median } from "./measure/run-program.js";
import { table } from "./print-table.js";

/** One of the performance targets, as measured in this run; `n/a` when what it compares could not be measured. */
export interface Target {
  readonly what: string;
  readonly measured: string;
  readonly limit: string;
  readonly result: "PASS" | "MISS" | "n/a";
}

/** `a` at most `max` times `b` (both medians of the same interleaved runs). */
export function ratioTarget(what: string, max: number, a: number | undefined, b: number | undefined): Target {
  return ratioAtMost(what, max, a === undefined || b === undefined ? undefined : a / b);
}

/**
 * The median of per-round ratios at most `max`: each ratio compares two runs made one after the
 * other, so a slow minute of the machine (a virtual machine's neighbours) falls on both.
 */
export function pairedRatioTarget(what: string, max: number, ratios: readonly number[] | undefined): Target {
  return ratioAtMost(what, max, ratios?.length ? median(ratios) : undefined);
}

function ratioAtMost(what: string, max: number, ratio: number | undefined): Target {
  const limit = `<= ${max.toFixed(1)}x`;
  if (ratio === undefined) return { what, measured: "n/a", limit, result: "n/a" };
  return { what, measured: `${ratio.toFixed(2)}x`, limit, result: ratio <= max ? "PASS" : "MISS" };
}

/** A whole command under an absolute time. */
export function timeTarget(what: string, limitMs: number, ms: number | undefined): Target {
  const limit = `< ${limitMs} ms`;
  if (ms === undefined) return { what, measured: "n/a", limit, result: "n/a" };
  return { what, measured: `${ms.toFixed(0)} ms`, limit, result: ms < limitMs ? "PASS" : "MISS" };
}

export function formatTargets(targets: readonly Target[]): string {
  return table(["target", "measured", "limit", "result"], targets.map((t) => [t.what, t.measured, t.limit, t.result]));
}
