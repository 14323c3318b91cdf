import type { ServiceModel } from "../../patterns/model/types.js";
import { patternViews } from "../model-view.js";
import type { Assumptions } from "./assumptions.js";
import { estimate, STACK, type CostKind, type CostLine, type Estimate } from "./estimate.js";
import type { PriceTable } from "./prices.js";
import { parseRates, scaleRates, type Rates } from "./rates.js";

export interface Totals {
  readonly fixed: number;
  readonly variable: number;
  readonly total: number;
}

export interface KindTotal extends Totals {
  readonly kind: CostKind;
  /** The kind's quantity when all its lines share one unit. */
  readonly quantity?: { readonly value: number; readonly unit: string };
}

export interface GrowthRow extends Totals {
  readonly factor: number;
  readonly dominant: { readonly kind: CostKind; readonly usd: number; readonly share: number } | undefined;
}

export interface CostSummary {
  readonly estimate: Estimate;
  readonly rates: Rates;
  readonly byPattern: readonly ({ readonly pattern: string; readonly rate: number } & Totals)[];
  readonly byKind: readonly KindTotal[];
  readonly total: Totals;
  /** The same stack at 1×, 10× and 100× every given rate. */
  readonly growth: readonly GrowthRow[];
}

export const GROWTH_FACTORS = [1, 10, 100] as const;

/** The estimate at the given rates, summed per pattern and per kind of resource, and again at 10× and 100×. */
export function costSummary(model: ServiceModel, prices: PriceTable, rateArgs: readonly string[], assumptions: Assumptions): CostSummary {
  const rates = parseRates(rateArgs, patternViews(model));
  const base = estimate(model, prices, rates, assumptions);
  const byPattern = [...model.patterns, STACK]
    .map((pattern) => ({ pattern, rate: rates.patterns.get(pattern) ?? base.traffic.find((t) => t.view.name === pattern)?.rate ?? 0, ...totals(base.lines.filter((l) => l.pattern === pattern)) }))
    .filter((row) => row.pattern !== STACK || row.total > 0);
  return {
    estimate: base,
    rates,
    byPattern,
    byKind: byKind(base.lines),
    total: totals(base.lines),
    growth: GROWTH_FACTORS.map((factor) => {
      const lines = factor === 1 ? base.lines : estimate(model, prices, scaleRates(rates, factor), assumptions).lines;
      return { factor, ...totals(lines), dominant: dominant(lines) };
    }),
  };
}

export function totals(lines: readonly CostLine[]): Totals {
  let fixed = 0;
  let variable = 0;
  for (const l of lines) {
    if (l.scaling === "fixed") fixed += l.usd;
    else variable += l.usd;
  }
  return { fixed, variable, total: fixed + variable };
}

function byKind(lines: readonly CostLine[]): KindTotal[] {
  const kinds = [...new Set(lines.map((l) => l.kind))];
  return kinds
    .map((kind) => {
      const own = lines.filter((l) => l.kind === kind);
      const units = [...new Set(own.map((l) => l.unit))];
      return { kind, ...totals(own), ...(units.length === 1 ? { quantity: { value: own.reduce((s, l) => s + l.quantity, 0), unit: units[0]! } } : {}) };
    })
    .sort((a, b) => b.total - a.total || a.kind.localeCompare(b.kind));
}

/** The kind of resource that costs most, with its share of the total. */
function dominant(lines: readonly CostLine[]): GrowthRow["dominant"] {
  const kinds = byKind(lines);
  const all = totals(lines).total;
  const top = kinds[0];
  return top && all > 0 ? { kind: top.kind, usd: top.total, share: top.total / all } : undefined;
}
