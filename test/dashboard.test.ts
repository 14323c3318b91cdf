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
  });
});
