/**
 * The consumer counts the handler runtime emits, once per invocation, as an EMF document
 * (handlers/consuming/batch-metrics.ts; a test holds these names to its CONSUMER_METRICS).
 * Listed here rather than imported, so that reading them does not load Powertools.
 */
export const COUNTED_METRICS = ["processed", "duplicate", "failed", "deferred", "expired", "tenantRejected", "deferredForTime"] as const;

export type CountedMetric = (typeof COUNTED_METRICS)[number];
export type ConsumerCounts = Record<CountedMetric, number>;

export function zeroCounts(): ConsumerCounts {
  return Object.fromEntries(COUNTED_METRICS.map((m) => [m, 0])) as ConsumerCounts;
}

/**
 * The counts an EMF document carries, or undefined for any other line. A document is a JSON
 * object with `_aws.CloudWatchMetrics` naming its metrics; their values are top-level members,
 * a number or (when one metric was added several times) an array of numbers.
 */
export function countsOfEmf(line: string): Partial<ConsumerCounts> | undefined {
  if (!line.startsWith("{") || !line.includes('"_aws"')) return undefined;
  let document: { _aws?: { CloudWatchMetrics?: { Metrics?: { Name?: string }[] }[] } } & Record<string, unknown>;
  try {
    document = JSON.parse(line);
  } catch {
    return undefined;
  }
  const directives = document._aws?.CloudWatchMetrics;
  if (!Array.isArray(directives)) return undefined;
  const named = new Set(directives.flatMap((d) => (d.Metrics ?? []).map((m) => m.Name)));
  const counts: Partial<ConsumerCounts> = {};
  for (const metric of COUNTED_METRICS) {
    if (!named.has(metric)) continue;
    const value = document[metric];
    const values = Array.isArray(value) ? value : [value];
    counts[metric] = values.reduce<number>((sum, v) => sum + (typeof v === "number" ? v : 0), 0);
  }
  return counts;
}

export function addCounts(into: ConsumerCounts, more: Partial<ConsumerCounts>): void {
  for (const metric of COUNTED_METRICS) into[metric] += more[metric] ?? 0;
}
