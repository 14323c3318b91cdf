import type { ServiceModel } from "../../patterns/model/types.js";
import type { Assumptions } from "./assumptions.js";
import { assumptionNotes, exclusionNotes } from "./notes.js";
import type { PriceTable } from "./prices.js";
import type { CostSummary } from "./summary.js";

/** The estimate as a plain-text report: per pattern, per kind of resource, growth with rate, assumptions, exclusions. */
export function renderText(model: ServiceModel, prices: PriceTable, a: Assumptions, s: CostSummary): string {
  const out: string[] = [];
  out.push(`${model.stackName} (${model.region}): estimated monthly cost, USD`);
  out.push(`prices: ${prices.file}, compiled ${prices.compiled} (list prices, first tier, before free tiers)`);
  out.push("");
  out.push(
    table(
      ["pattern", "rate", "fixed", "variable", "total"],
      [
        ...s.byPattern.map((p) => [p.pattern, p.pattern === "(stack)" ? "" : p.rate > 0 ? `${num(p.rate)}/s` : "none", usd(p.fixed), usd(p.variable), usd(p.total)]),
        ["total", "", usd(s.total.fixed), usd(s.total.variable), usd(s.total.total)],
      ],
      [false, true, true, true, true],
    ),
  );
  out.push("");
  out.push(
    table(
      ["resource kind", "a month", "fixed", "variable", "total", "share"],
      s.byKind.map((k) => [k.kind, k.quantity ? `${quantity(k.quantity.value)} ${k.quantity.value === 1 ? k.quantity.unit.replace(/s$/, "") : k.quantity.unit}` : "", usd(k.fixed), usd(k.variable), usd(k.total), s.total.total > 0 ? percent(k.total / s.total.total) : ""]),
      [false, true, true, true, true, true],
    ),
  );
  out.push("");
  out.push(
    table(
      ["rates", "fixed", "variable", "total", "largest line"],
      s.growth.map((g) => [`${g.factor}×`, usd(g.fixed), usd(g.variable), usd(g.total), g.dominant ? `${g.dominant.kind} (${percent(g.dominant.share)})` : ""]),
      [false, true, true, true, false],
    ),
  );
  const top = s.growth[0]?.dominant;
  if (top) out.push(`${top.kind} dominates at the given rates: ${usd(top.usd)} of ${usd(s.total.total)}.`);
  out.push("", "assumptions:", ...assumptionNotes(model, prices, a, s.estimate).map((n) => `  - ${n}`));
  out.push("", "not included:", ...exclusionNotes(model, prices, s.estimate).map((n) => `  - ${n}`));
  return out.join("\n");
}

/** The same figures for machines: every line, unrounded. */
export function renderJson(model: ServiceModel, prices: PriceTable, a: Assumptions, s: CostSummary): string {
  return JSON.stringify(
    {
      stack: model.stackName,
      service: model.service,
      environment: model.environment,
      region: model.region,
      currency: "USD",
      prices: { file: prices.file, compiled: prices.compiled, basis: prices.basis },
      assumptions: { ...a, notes: assumptionNotes(model, prices, a, s.estimate) },
      rates: {
        patterns: Object.fromEntries(s.estimate.traffic.map((t) => [t.view.name, t.rate])),
        queues: Object.fromEntries(s.estimate.traffic.flatMap((t) => t.queues.map((q) => [q.queue.name, q.messagesPerSecond]))),
      },
      total: s.total,
      byPattern: s.byPattern,
      byKind: s.byKind,
      growth: s.growth,
      lines: s.estimate.lines,
      notIncluded: exclusionNotes(model, prices, s.estimate),
    },
    null,
    2,
  );
}

function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** Dollars with cents; an amount above zero but under a cent says so rather than 0.00. */
export function usd(n: number): string {
  if (n > 0 && n < 0.005) return "<0.01";
  return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/** 26.28 M, 657 k, 12.5: three or four significant figures. */
function quantity(n: number): string {
  const scaled = (v: number, suffix: string) => `${v.toLocaleString("en-US", { maximumFractionDigits: v < 10 ? 2 : v < 100 ? 1 : 0 })} ${suffix}`.trim();
  if (n >= 1e9) return scaled(n / 1e9, "G");
  if (n >= 1e6) return scaled(n / 1e6, "M");
  if (n >= 1e4) return scaled(n / 1e3, "k");
  return scaled(n, "");
}
