import type { Diagram, DiagramNode, EdgeKind, NodeKind } from "./graph.js";

/** Mermaid shapes by kind: topics hexagons, functions stadiums, data cylinders, parameters parallelograms. */
const SHAPE: Readonly<Record<NodeKind, [string, string]>> = {
  external: [">", "]"],
  topic: ["{{", "}}"],
  queue: ["[", "]"],
  dlq: ["[", "]"],
  function: ["([", "])"],
  table: ["[(", ")]"],
  bucket: ["[(", ")]"],
  parameter: ["[/", "/]"],
  alarm: ["[", "]"],
};

const ARROW: Readonly<Record<EdgeKind, string>> = {
  publish: "-->",
  deliver: "==>",
  consume: "-->",
  send: "-->",
  "dead-letter": "-.->",
  data: "-.->",
};

const CLASS: Readonly<Record<NodeKind, string>> = {
  external: "fill:#ffffff,stroke:#666666,stroke-dasharray:4 3",
  topic: "fill:#fde7c8,stroke:#c77c02",
  queue: "fill:#e3efff,stroke:#4a78c2",
  dlq: "fill:#fde2e2,stroke:#c0392b",
  function: "fill:#fff4cc,stroke:#b7950b",
  table: "fill:#e6f4e6,stroke:#2e7d32",
  bucket: "fill:#e6f4e6,stroke:#2e7d32",
  parameter: "fill:#f2f2f2,stroke:#777777",
  alarm: "fill:#ffffff,stroke:#c0392b,stroke-dasharray:4 3",
};

/**
 * A Mermaid flowchart (GitHub and GitLab render it in Markdown). Summary nodes list the resources
 * they stand for in a comment after the node, since Mermaid has no tooltip without a click handler.
 */
export function renderMermaid(diagram: Diagram): string {
  const out: string[] = ["flowchart TB", `  %% ${comment(diagram.title)}`];
  for (const c of diagram.clusters) {
    out.push(`  subgraph ${c.id}["${text(c.lines.join("\n"))}"]`);
    for (const n of diagram.nodes.filter((n) => n.cluster === c.id)) out.push(...node(n, "    "));
    out.push("  end");
  }
  for (const n of diagram.nodes.filter((n) => n.cluster === undefined)) out.push(...node(n, "  "));
  for (const e of diagram.edges) out.push(`  ${e.from} ${ARROW[e.kind]}|"${text(e.label)}"| ${e.to}`);
  const kinds = [...new Set(diagram.nodes.map((n) => n.kind))];
  for (const kind of kinds) {
    out.push(`  classDef k_${kind} ${CLASS[kind]}`);
    out.push(`  class ${diagram.nodes.filter((n) => n.kind === kind).map((n) => n.id).join(",")} k_${kind}`);
  }
  return `${out.join("\n")}\n`;
}

function node(n: DiagramNode, indent: string): string[] {
  const [open, close] = SHAPE[n.kind];
  const members = n.members ? [`${indent}%% ${n.id}: ${comment(n.members.join(", "))}`] : [];
  return [`${indent}${n.id}${open}"${text(n.lines.join("\n"))}"${close}`, ...members];
}

/** Inside a quoted Mermaid label: entity codes for what Mermaid would read as syntax or HTML; `<br/>` between lines. */
function text(s: string): string {
  return s
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/\|/g, "#124;")
    .replace(/`/g, "#96;")
    .replace(/\r?\n/g, "<br/>");
}

/** A `%%` comment runs to the end of its line. */
function comment(s: string): string {
  return s.replace(/\r?\n/g, " ");
}
