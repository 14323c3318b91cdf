import type { Sample } from "./run-program.js";

/** a / b of each interleaved round (the i-th run of each side), in round order. */
export function pairedRatios(a: readonly Sample[], b: readonly Sample[]): number[] {
  return a.map((sample, i) => sample.ms / b[i]!.ms);
}
