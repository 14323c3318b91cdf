/**
 * The environment variable the synthesizer sets for one pattern a function sends to: the prefix,
 * then the pattern name upper-cased with `-` → `_` (`order-events` gives `…_ORDER_EVENTS`). One
 * function, so that every per-pattern variable (topic ARN, priority queue, claim-check threshold)
 * is named alike.
 */
export function patternVariable(prefix: string, pattern: string): string {
  return `${prefix}_${pattern.toUpperCase().replace(/-/g, "_")}`;
}
