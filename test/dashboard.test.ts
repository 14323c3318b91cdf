import { describe, expect, it } from "vitest";
import { DASHBOARD_LIMITS } from "../patterns/model/limits.js";
import { resolveService } from "../patterns/model/resolve-service.js";
import type { ServiceModel } from "../patterns/model/types.js";
import { loadSpec, parseSpec } from "../patterns/spec/load.js";
import { tenantIds } from "./support/silo-project.js";

const HEADER = "version: 1\nservice: shop\nregion: us-east-1\nenvironments:\n  dev: { accountConcurrency: 20000 }\n";
const modelOf = (yaml: string): ServiceModel => resolveService(parseSpec("service.yaml", yaml).spec, "dev", { specDir: "services/shop" });
const metricsOf = (m: ServiceModel) => m.dashboards.flatMap((d) => d.body.widgets.flatMap((w) => (w.type === "metric" ? w.properties.metrics : [])));

describe("dashboards from the model", () => {
  it("the example's silos get a per-tenant view: a line per merchant", () => {
    const model = resolveService(loadSpec("services/orders/service.yaml").spec, "dev", { specDir: "services/orders" });
    const widgets = model.dashboards.flatMap((d) => d.body.widgets);
    const invocations = widgets.find((w) => w.type === "metric" && w.properties.title === "merchant-reports by tenant: invocations");
    expect(invocations?.type === "metric" && invocations.properties.metrics.map((m) => (m.at(-1) as { label: string }).label)).toEqual(model.functions.filter((f) => f.tenancy && "tenant" in f.tenancy).map((f) => (f.tenancy as { tenant: string }).tenant));
    // Shards are one line each on their pattern's charts.
    const waiting = widgets.find((w) => w.type === "metric" && w.properties.title === "ingest: messages waiting");
    expect(waiting?.type === "metric" && waiting.properties.metrics).toHaveLength(8);
  });

  it("splits a stack that would pass CloudWatch's quotas into dashboards that keep within them", () => {
    const yaml = `${HEADER}tenants: [${tenantIds(600).join(", ")}]\npatterns:\n  reports: { type: tenant-isolated-function, handler: h.ts, reservedConcurrencyPerTenant: 2 }\n`;
    const model = modelOf(yaml);
    expect(model.dashboards.map((d) => d.name)).toEqual(model.dashboards.map((_, i) => (i === 0 ? "shop-dev" : `shop-dev-${i + 1}`)));
    expect(model.dashboards.length).toBeGreaterThan(1);
    for (const d of model.dashboards) {
      expect(d.body.widgets.length).toBeLessThanOrEqual(DASHBOARD_LIMITS.widgets);
      const metrics = d.body.widgets.flatMap((w) => (w.type === "metric" ? w.properties.metrics : []));
      expect(metrics.length).toBeLessThanOrEqual(DASHBOARD_LIMITS.metrics);
      for (const w of d.body.widgets) if (w.type === "metric") expect(w.properties.metrics.length).toBeLessThanOrEqual(DASHBOARD_LIMITS.metricsPerChart);
    }
    // Every silo's queue and function appears somewhere.
    const text = JSON.stringify(model.dashboards);
    for (const f of model.functions) expect(text).toContain(`"${f.name}"`);
    for (const q of model.queues) expect(text).toContain(`"${q.name}"`);
    expect(metricsOf(model).length).toBeGreaterThan(DASHBOARD_LIMITS.metrics);
  });

  it("a small service fits one dashboard", () => {
    expect(modelOf(`${HEADER}patterns:\n  events: { type: fanout, subscribers: { a: { handler: h.ts } } }\n`).dashboards).toHaveLength(1);
  });
});

describe("tracing switch", () => {
  it("tracing: false passes traces through and drops the X-Ray grant", () => {
    const off = modelOf(`${HEADER}tracing: false\npatterns:\n  events: { type: fanout, subscribers: { a: { handler: h.ts } } }\n`);
    expect(off.functions[0]!.tracing).toBe(false);
    expect(off.topics[0]!.tracing).toBe(false);
    expect(off.functions[0]!.statements.map((s) => s.sid)).not.toContain("WriteTraces");
    expect(off.functions[0]!.environment.POWERTOOLS_TRACE_ENABLED).toBe("false");
    expect(modelOf(`${HEADER}patterns:\n  events: { type: fanout, subscribers: { a: { handler: h.ts } } }\n`).functions[0]!.environment.POWERTOOLS_TRACE_ENABLED).toBeUndefined();
  });
});

describe("dashboard layout", () => {
  it("starts every layer on a new row and fills rows of three, also after a split", () => {
    const yaml = `${HEADER}tenants: [${tenantIds(600).join(", ")}]\npatterns:\n  reports: { type: tenant-isolated-function, handler: h.ts, reservedConcurrencyPerTenant: 2 }\n`;
    for (const d of modelOf(yaml).dashboards) {
      const rows = new Map<number, number[]>();
      for (const w of d.body.widgets) if (w.type === "metric") rows.set(w.y, [...(rows.get(w.y) ?? []), w.x]);
      // Charts of a row sit side by side from the left edge.
      for (const xs of rows.values()) expect(xs).toEqual([0, 8, 16].slice(0, xs.length));
      // Nothing overlaps: each widget starts below the one before it, or beside it on the same row.
      const ws = d.body.widgets;
      for (let i = 1; i < ws.length; i++) expect(ws[i]!.y > ws[i - 1]!.y || (ws[i]!.y === ws[i - 1]!.y && ws[i]!.x > ws[i - 1]!.x)).toBe(true);
    }
  });

  it("shows each function the counts it can have: lanes defer and expire, tenant-aware consumers reject", () => {
    const model = resolveService(loadSpec("services/orders/service.yaml").spec, "dev", { specDir: "services/orders" });
    const records = (fn: string) => {
      const w = model.dashboards.flatMap((d) => d.body.widgets).find((w) => w.type === "metric" && w.properties.title === `${fn}: records`);
      return w?.type === "metric" ? w.properties.metrics.map((m) => m[1]) : undefined;
    };
    expect(records("orders-dev-order-events-billing")).toEqual(["processed", "duplicate", "failed", "deferredForTime"]);
    expect(records("orders-dev-notifications-high")).toEqual(["processed", "duplicate", "failed", "deferredForTime", "deferred", "expired"]);
    expect(records("orders-dev-ingest")).toEqual(["processed", "duplicate", "failed", "deferredForTime", "tenantRejected"]);
  });
});
