import type { Diagram, DiagramNode, EdgeKind, NodeKind } from "./graph.js";

const NODE_STYLE: Readonly<Record<NodeKind, string>> = {
  external: 'shape=box, style="rounded,dashed", color="#666666"',
  topic: 'shape=box, style="rounded,filled,bold", fillcolor="#fde7c8", color="#c77c02"',
  queue: 'shape=box, style="rounded,filled", fillcolor="#e3efff", color="#4a78c2"',
  dlq: 'shape=box, style="rounded,filled", fillcolor="#fde2e2", color="#c0392b"',
  function: 'shape=box, style="filled", fillcolor="#fff4cc", color="#b7950b"',
  table: 'shape=cylinder, style="filled", fillcolor="#e6f4e6", color="#2e7d32"',
  bucket: 'shape=folder, style="filled", fillcolor="#e6f4e6", color="#2e7d32"',
  parameter: 'shape=note, style="filled", fillcolor="#f2f2f2", color="#777777"',
  alarm: 'shape=box, style="dashed", color="#c0392b"',
};

const EDGE_STYLE: Readonly<Record<EdgeKind, string>> = {
  publish: 'color="#c77c02"',
  deliver: 'color="#c77c02", penwidth=1.5',
  consume: 'color="#4a78c2"',
  send: 'color="#333333"',
  "dead-letter": 'color="#c0392b", style=dashed',
  data: 'color="#2e7d32", style=dotted',
};

/** Graphviz DOT: one cluster per pattern, left to right from producers to data. */
export function renderDot(diagram: Diagram): string {
  const out: string[] = [
    "digraph bulkhead {",
    `  graph [rankdir=TB, label=${quote(diagram.title)}, labelloc=t, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.7];`,
    '  node [fontname="Helvetica", fontsize=10, margin="0.25,0.08"];',
    '  edge [fontname="Helvetica", fontsize=8];',
  ];
  for (const c of diagram.clusters) {
    out.push(`  subgraph ${c.id} {`, `    label=${quote(c.lines.join("\n"))}; style="rounded"; color="#999999"; fontsize=11;`);
    for (const n of diagram.nodes.filter((n) => n.cluster === c.id)) out.push(`    ${node(n)}`);
    out.push("  }");
  }
  for (const n of diagram.nodes.filter((n) => n.cluster === undefined)) out.push(`  ${node(n)}`);
  for (const e of diagram.edges) out.push(`  ${e.from} -> ${e.to} [label=${quote(e.label)}, ${EDGE_STYLE[e.kind]}];`);
  out.push("}");
  return `${out.join("\n")}\n`;
}

function node(n: DiagramNode): string {
  const tooltip = n.members ? `, tooltip=${quote(n.members.join("\n"))}` : "";
  return `${n.id} [label=${quote(n.lines.join("\n"))}, ${NODE_STYLE[n.kind]}${tooltip}];`;
}

/** A DOT string: backslashes and quotes escaped, newlines as DOT's centred line break. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}
