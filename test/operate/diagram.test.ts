import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDiagram, renderDiagram } from "../../operate/diagram/index.js";
import { renderDot } from "../../operate/diagram/dot.js";
import { renderMermaid } from "../../operate/diagram/mermaid.js";
import { patternViews } from "../../operate/model-view.js";
import { summarised } from "../../operate/diagram/summary.js";
import { stackModel } from "../../operate/stack-model.js";
import type { ServiceModel } from "../../patterns/model/types.js";
import { cli, EXAMPLE_SPEC } from "../support/project.js";
import { checkMermaid, mermaidText } from "./support/mermaid.js";
import { EVERYTHING, fixture, MANY } from "./support/specs.js";
import { parseXml } from "./support/xml.js";

const models: { name: string; model: ServiceModel }[] = [];
let graphviz: Graphviz;

beforeAll(async () => {
  graphviz = await Graphviz.load();
  models.push({ name: "the example, dev", model: stackModel(EXAMPLE_SPEC, process.cwd(), "dev") });
  models.push({ name: "the example, prod", model: stackModel(EXAMPLE_SPEC, process.cwd(), "prod") });
  models.push({ name: "every pattern in detail", model: (await fixture(EVERYTHING, "shop")).model });
  models.push({ name: "64 shards and 200 silos", model: (await fixture(MANY, "big")).model });
});

/** Every resource of the model by its AWS name, and the summary node that stands for it when there is one. */
function resources(model: ServiceModel): { name: string; kind: string; summary?: RegExp }[] {
  const out: { name: string; kind: string; summary?: RegExp }[] = [];
  for (const view of patternViews(model)) {
    const sum = summarised(view);
    const n = view.queues.length;
    const queueSummary = view.kind === "shuffle-sharded-queue" ? new RegExp(`${n} shard queues`) : new RegExp(`${n} tenant queues`);
    for (const q of view.queues) {
      out.push({ name: q.name, kind: "queue", ...(sum ? { summary: queueSummary } : {}) });
      if (q.deadLetterQueue) out.push({ name: q.deadLetterQueue.name, kind: "dlq", ...(sum ? { summary: new RegExp(`${n} DLQs`) } : {}) });
    }
    for (const f of view.consumers) out.push({ name: f.name, kind: "function", ...(sum && view.kind === "tenant-isolated-function" ? { summary: new RegExp(`${n} tenant functions`) } : {}) });
  }
  for (const t of model.topics) out.push({ name: t.name, kind: "topic" });
  for (const t of model.tables) out.push({ name: t.name, kind: "table" });
  for (const b of model.buckets) out.push({ name: b.namePrefix, kind: "bucket" });
  for (const r of model.routingTables) {
    out.push({ name: r.publication.parameter, kind: "routing table" });
    if (r.publication.kind === "s3") out.push({ name: r.publication.bucket.namePrefix, kind: "routing-table bucket" });
  }
  return out;
}

describe("bulkhead diagram draws every resource of the model", () => {
  it("the fixtures cover summaries, claim checks, FIFO, silos with data, outside senders", () => {
    const [, , everything, many] = models.map((m) => m.model);
    expect(everything!.buckets.map((b) => b.id).sort()).toEqual(["claim-check", "reports-data"]);
    expect(everything!.topics.some((t) => t.fifo)).toBe(true);
    expect(patternViews(everything!).some(summarised)).toBe(false);
    expect(patternViews(many!).filter(summarised).map((v) => v.kind)).toEqual(["shuffle-sharded-queue", "tenant-isolated-function"]);
    expect(many!.routingTables.map((r) => r.publication.kind)).toEqual(["s3", "s3"]);
  });

  it.each([0, 1, 2, 3])("in Mermaid, DOT and SVG: fixture %i", async (i) => {
    const { model } = models[i]!;
    const diagram = buildDiagram(model);
    const mermaid = renderMermaid(diagram);
    const dot = renderDot(diagram);
    const svg = graphviz.dot(dot, "svg");
    const svgText = parseXml(svg);
    const svgAll = [...svgText.texts.map((t) => t.text), ...svgText.attributes.map((a) => a.value)].join("\n");
    const labels = [...checkMermaid(mermaid).nodes.values()].map(mermaidText);
    for (const r of resources(model)) {
      // By name: in a node of its own, or in the summary node's member list (Mermaid comment, DOT and SVG tooltip).
      expect(mermaid, `${r.kind} ${r.name} in Mermaid`).toContain(r.name);
      expect(dot, `${r.kind} ${r.name} in DOT`).toContain(r.name);
      expect(svgAll, `${r.kind} ${r.name} in SVG`).toContain(r.name);
      const own = labels.filter((l) => l.split("\n").some((line) => line === r.name || line === `${r.name}…`));
      if (r.summary) expect(labels.some((l) => r.summary!.test(l)), `${r.kind} ${r.name}: summary ${r.summary}`).toBe(true);
      else expect(own.length, `${r.kind} ${r.name} has its own node`).toBeGreaterThan(0);
    }
  });

  it("summarises many shards as one node with their count and k, and silos with theirs", () => {
    const many = models[3]!.model;
    const labels = buildDiagram(many).nodes.map((n) => n.lines.join("\n"));
    expect(labels).toContainEqual(expect.stringMatching(/^64 shard queues\nbig-dev-ingest-0 … big-dev-ingest-63\n4 per tenant, 200 tenant\(s\)$/));
    expect(labels).toContainEqual(expect.stringMatching(/^64 DLQs, one per shard/));
    expect(labels).toContainEqual(expect.stringMatching(/^200 tenant queues, one per silo/));
    expect(labels).toContainEqual(expect.stringMatching(/^200 tenant functions, one per silo\n.*\nreserved 2 each; t003 4\n/));
    // 64 shard queues and DLQs, 200 silos of a queue, DLQ and function each: a handful of nodes, not 728.
    expect(buildDiagram(many).nodes.length).toBeLessThan(20);
  });

  it("shows each subscription's filter and the rights between resources", () => {
    const everything = buildDiagram(models[2]!.model);
    const labels = everything.edges.map((e) => `${e.from} ${e.kind} ${e.to}: ${e.label}`);
    expect(labels).toContain('topic_events deliver queue_events_ledger: deliver to ledger, raw · body filter order.total: {"numeric":[">",100]}');
    expect(labels).toContain("external_arn_aws_iam__123456789012_role_checkout publish topic_events: publish");
    expect(labels).toContain("function_intake publish topic_uploads: publish");
    expect(labels).toContain("function_intake data bucket_claim_check: put uploads/*");
    expect(labels).toContain("function_uploads_scan data bucket_claim_check: get uploads/*");
    expect(labels).toContain("function_mail_high send queue_mail_low: defer work older than 30 s");
    expect(labels).toContain("function_reports_acme dead-letter dlq_reports_acme: dead-letter records of other tenants");
    expect(labels).toContain("queue_intake_shard_0 consume function_intake: consume · batch 10, max 2");
    expect(labels).toContain("external_arn_aws_iam__210987654321_role_merchant__ send queue_intake_shard_0: send as the tenant in its tag");
    const example = buildDiagram(models[0]!.model).edges.map((e) => `${e.from} ${e.kind} ${e.to}: ${e.label}`);
    expect(example).toContain("topic_order_events deliver queue_order_events_shipping: deliver to shipping, raw · filter eventType: OrderPlaced | OrderCancelled");
    expect(example).toContain("queues_ingest consume function_ingest: consume · batch 10, max 5 (×8)");
    expect(example).toContain("function_order_events_billing send queues_merchant_reports: send (×12)");
  });

  it("the SVG is well-formed XML whose text holds every node's and edge's label", () => {
    for (const { name, model } of models) {
      const diagram = buildDiagram(model);
      const svg = parseXml(graphviz.dot(renderDot(diagram), "svg"));
      expect(svg.root, name).toBe("svg");
      const texts = new Set(svg.texts.filter((t) => t.element === "text").map((t) => t.text));
      for (const node of diagram.nodes) for (const line of node.lines) expect(texts.has(line), `${name}: node line ${line}`).toBe(true);
      for (const edge of diagram.edges) expect(texts.has(edge.label), `${name}: edge label ${edge.label}`).toBe(true);
    }
  });

  it("the DOT renders through Graphviz and the Mermaid passes the syntax check, for every fixture", () => {
    for (const { name, model } of models) {
      const diagram = buildDiagram(model);
      expect(() => graphviz.dot(renderDot(diagram), "svg"), name).not.toThrow();
      const mermaid = checkMermaid(renderMermaid(diagram));
      expect(mermaid.nodes.size, name).toBe(diagram.nodes.length);
      expect(mermaid.edges.length, name).toBe(diagram.edges.length);
    }
    // The checks can fail: Graphviz refuses broken DOT, the checker an edge to an undeclared node.
    expect(() => graphviz.dot("digraph { a -> }", "svg")).toThrow();
    expect(() => checkMermaid('flowchart TB\n  a["x"]\n  a -->|"y"| b\n')).toThrow(/undeclared node b/);
    expect(() => parseXml("<svg><g></svg>")).toThrow(/closes/);
  });

  it("is deterministic: the same model gives the same bytes in every format", async () => {
    const model = models[0]!.model;
    for (const format of ["mermaid", "dot", "svg"] as const) {
      expect(await renderDiagram(model, format)).toBe(await renderDiagram(stackModel(EXAMPLE_SPEC, process.cwd(), "dev"), format));
    }
  });
});

describe("the bulkhead diagram command", () => {
  it("prints Mermaid by default, the spec's first environment", async () => {
    const run = await cli(process.cwd(), "diagram", EXAMPLE_SPEC);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("flowchart TB");
    expect(run.stdout).toContain("orders-dev-ingest-0");
  });

  it("writes the SVG of another environment with --out", async () => {
    const { root } = await fixture(EVERYTHING, "shop");
    const run = await cli(process.cwd(), "diagram", EXAMPLE_SPEC, "--env", "prod", "--format", "svg", "--out", join(root, "docs", "orders.svg"));
    expect(run.code).toBe(0);
    const svg = readFileSync(join(root, "docs", "orders.svg"), "utf8");
    expect(parseXml(svg).root).toBe("svg");
    expect(svg).toContain("orders&#45;prod&#45;order&#45;events");
  });

  it("names the environments and formats it knows", async () => {
    const env = await cli(process.cwd(), "diagram", EXAMPLE_SPEC, "--env", "staging");
    expect(env.code).toBe(1);
    expect(env.stderr).toContain("has no environment staging; its environments are dev, prod");
    const format = await cli(process.cwd(), "diagram", EXAMPLE_SPEC, "--format", "png");
    expect(format.code).toBe(1);
    expect(format.stderr).toContain("--format png: choose mermaid, dot, svg");
  });
});
