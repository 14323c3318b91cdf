import type { ServiceModel } from "../../patterns/model/types.js";
import type { Assumptions } from "./assumptions.js";
import { pricesFor } from "./prices.js";
import { renderJson, renderText } from "./report.js";
import { costSummary } from "./summary.js";

/** `bulkhead cost`: the stack's monthly estimate at the given rates, as text or JSON. */
export function costReport(model: ServiceModel, rateArgs: readonly string[], assumptions: Assumptions, format: "text" | "json"): string {
  const prices = pricesFor(model.region);
  const summary = costSummary(model, prices, rateArgs, assumptions);
  return format === "json" ? renderJson(model, prices, assumptions, summary) : renderText(model, prices, assumptions, summary);
}

export { DEFAULT_ASSUMPTIONS, type Assumptions } from "./assumptions.js";
export { MissingPricesError, pricesFor } from "./prices.js";
export { costSummary } from "./summary.js";
