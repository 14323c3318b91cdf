import { siloTenant, subscriberName, type PatternView } from "../model-view.js";
import { OperateInputError } from "../errors.js";

/** `--rate PATTERN=N/s` and `--rate PATTERN.PART=N/s`, checked against the model's patterns. */
export interface Rates {
  /** Messages a second into each pattern (published events for a fan-out). */
  readonly patterns: ReadonlyMap<string, number>;
  /** Per pattern, the parts whose rate was given: subscriber, lane or tenant → messages a second. */
  readonly parts: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export function parseRates(values: readonly string[], views: readonly PatternView[]): Rates {
  const patterns = new Map<string, number>();
  const parts = new Map<string, Map<string, number>>();
  const names = views.map((v) => v.name);
  for (const value of values) {
    const at = value.indexOf("=");
    if (at < 0) throw new OperateInputError(`--rate ${value}: expected PATTERN=N/s (messages a second), e.g. --rate ${names[0] ?? "ingest"}=50/s`);
    const target = value.slice(0, at);
    const rate = parseRate(value.slice(at + 1), value);
    const dot = target.indexOf(".");
    const pattern = dot < 0 ? target : target.slice(0, dot);
    const view = views.find((v) => v.name === pattern);
    if (!view) throw new OperateInputError(`--rate ${value}: unknown pattern "${pattern}"; this spec's patterns are ${names.join(", ")}`);
    if (dot < 0) {
      if (patterns.has(pattern)) throw new OperateInputError(`--rate ${value}: ${pattern} has a rate already`);
      patterns.set(pattern, rate);
      continue;
    }
    const part = target.slice(dot + 1);
    const known = partNames(view);
    if (known.length === 0) throw new OperateInputError(`--rate ${value}: ${pattern} (${view.kind}) takes one rate for the whole pattern, --rate ${pattern}=N/s`);
    if (!known.includes(part)) throw new OperateInputError(`--rate ${value}: ${pattern} has no ${partWord(view)} "${part}"; its ${partWord(view)}s are ${known.join(", ")}`);
    const own = parts.get(pattern) ?? new Map<string, number>();
    if (own.has(part)) throw new OperateInputError(`--rate ${value}: ${pattern}.${part} has a rate already`);
    own.set(part, rate);
    parts.set(pattern, own);
  }
  return { patterns, parts };
}

/** What `PATTERN.PART` can name: a fan-out's subscribers, a priority queue's low and surge lanes (high gets the rest), tenant silos. */
export function partNames(view: PatternView): string[] {
  switch (view.kind) {
    case "fanout":
      return view.subscriptions.map(subscriberName);
    case "priority-queue":
      return view.queues.flatMap((q) => (q.priorityLane && q.priorityLane.lane !== "high" ? [q.priorityLane.lane] : []));
    case "tenant-isolated-function":
      return view.consumers.flatMap((f) => siloTenant(f) ?? []);
    default:
      return [];
  }
}

export function partWord(view: PatternView): string {
  return view.kind === "fanout" ? "subscriber" : view.kind === "priority-queue" ? "lane" : "tenant";
}

/** `50/s`, `50`, `0.5/s`: messages a second, never negative. */
function parseRate(text: string, whole: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(?:\/s)?$/.exec(text.trim());
  if (!match) throw new OperateInputError(`--rate ${whole}: "${text}" is not a rate; write messages a second, like 50/s or 0.5/s`);
  return Number(match[1]);
}

/** Every rate times `factor`: how the estimate grows with traffic. */
export function scaleRates(rates: Rates, factor: number): Rates {
  const times = (m: ReadonlyMap<string, number>) => new Map([...m].map(([k, v]) => [k, v * factor]));
  return { patterns: times(rates.patterns), parts: new Map([...rates.parts].map(([p, m]) => [p, times(m)])) };
}
