import { describe, expect, it } from "vitest";
import { CONSUMER_METRICS } from "../../handlers/consuming/batch-metrics.js";
import { COUNTED_METRICS, countsOfEmf } from "../../local/metrics.js";

/** An EMF document as Powertools prints it for one invocation of a consumer. */
function emf(values: Record<string, number | number[]>, extra: { name: string }[] = []): string {
  return JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: "bulkhead/orders", Dimensions: [["service", "function"]], Metrics: [...Object.keys(values).map((Name) => ({ Name, Unit: "Count" })), ...extra.map((e) => ({ Name: e.name, Unit: "Count" }))] }],
    },
    service: "orders",
    function: "orders-dev-order-events-billing",
    ...values,
  });
}

describe("reading the runtime's counts from what a function prints", () => {
  it("counts exactly the metrics the consumer emits (handlers/consuming/batch-metrics.ts)", () => {
    expect([...COUNTED_METRICS].sort()).toEqual(Object.values(CONSUMER_METRICS).sort());
  });

  it("reads each count of an EMF document, and sums a metric added more than once", () => {
    const line = emf({ processed: 3, duplicate: 1, failed: 0, deferredForTime: 0, deferred: 2, expired: [1, 1], tenantRejected: 0, chargedCents: 1250 });
    expect(countsOfEmf(line)).toEqual({ processed: 3, duplicate: 1, failed: 0, deferredForTime: 0, deferred: 2, expired: 2, tenantRejected: 0 });
  });

  it("ignores a member the document does not declare as a metric, and every line that is not EMF", () => {
    const undeclared = JSON.stringify({ _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: "processed" }] }] }, processed: 1, failed: 7 });
    expect(countsOfEmf(undeclared)).toEqual({ processed: 1 });
    expect(countsOfEmf(JSON.stringify({ level: "INFO", message: "processed", processed: 4 }))).toBeUndefined();
    expect(countsOfEmf('{"_aws": not json')).toBeUndefined();
    expect(countsOfEmf("processed 4")).toBeUndefined();
  });
});
