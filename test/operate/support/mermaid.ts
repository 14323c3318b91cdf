/**
 * A syntax check of the Mermaid flowcharts `bulkhead diagram` writes (no Mermaid parser runs
 * offline here): the header, then only subgraph/end pairs, nodes with a quoted label in one of the
 * shapes used, edges with a quoted label between declared nodes, classDef/class lines and comments.
 * Labels may not hold a raw quote. Returns the declared nodes and edges.
 */
const ID = "[A-Za-z][A-Za-z0-9_]*";
const LABEL = '"([^"]*)"';
const SHAPES = [
  ["\\[", "\\]"],
  ["\\(\\[", "\\]\\)"],
  ["\\{\\{", "\\}\\}"],
  ["\\[\\(", "\\)\\]"],
  ["\\[\\/", "\\/\\]"],
  [">", "\\]"],
] as const;
const NODE = new RegExp(`^(${ID})(?:${SHAPES.map(([o, c]) => `${o}${LABEL}${c}`).join("|")})$`);
const EDGE = new RegExp(`^(${ID}) (-->|==>|-\\.->)\\|${LABEL}\\| (${ID})$`);
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
const CLASSDEF = new RegExp(`^classDef (${ID}) [a-z-]+:[^\\s]+(,[a-z-]+:[^,]+)*$`);
const CLASS = new RegExp(`^class (${ID}(?:,${ID})*) (${ID})$`);

export interface ParsedMermaid {
  readonly nodes: ReadonlyMap<string, string>;
  readonly edges: readonly { readonly from: string; readonly to: string; readonly label: string }[];
  readonly comments: readonly string[];
}

export function checkMermaid(text: string): ParsedMermaid {
  const lines = text.replace(/\n$/, "").split("\n");
  if (lines[0] !== "flowchart TB" && lines[0] !== "flowchart LR") throw new Error(`line 1: expected a flowchart header, got ${lines[0]}`);
  const nodes = new Map<string, string>();
  const subgraphs = new Set<string>();
  const edges: { from: string; to: string; label: string }[] = [];
  const comments: string[] = [];
  const classes = new Set<string>();
  let depth = 0;
  lines.slice(1).forEach((raw, n) => {
    const where = `line ${n + 2}`;
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if (line.startsWith("%%")) comments.push(line.slice(2).trim());
    else if ((m = SUBGRAPH.exec(line))) {
      if (nodes.has(m[1]!) || subgraphs.has(m[1]!)) throw new Error(`${where}: ${m[1]} declared twice`);
      subgraphs.add(m[1]!);
      depth++;
    } else if (line === "end") {
      if (--depth < 0) throw new Error(`${where}: end without subgraph`);
    } else if ((m = EDGE.exec(line))) {
      for (const id of [m[1]!, m[4]!]) if (!nodes.has(id)) throw new Error(`${where}: edge names undeclared node ${id}`);
      edges.push({ from: m[1]!, to: m[4]!, label: m[3]! });
    } else if ((m = NODE.exec(line))) {
      if (nodes.has(m[1]!) || subgraphs.has(m[1]!)) throw new Error(`${where}: ${m[1]} declared twice`);
      if (m[1] === "end") throw new Error(`${where}: 'end' cannot be a node id`);
      nodes.set(m[1]!, m.slice(2).find((g) => g !== undefined)!);
    } else if ((m = CLASSDEF.exec(line))) classes.add(m[1]!);
    else if ((m = CLASS.exec(line))) {
      if (!classes.has(m[2]!)) throw new Error(`${where}: class ${m[2]} has no classDef before it`);
      for (const id of m[1]!.split(",")) if (!nodes.has(id)) throw new Error(`${where}: class names undeclared node ${id}`);
    } else throw new Error(`${where}: not a line this checker knows: ${raw}`);
  });
  if (depth !== 0) throw new Error("a subgraph is never closed");
  return { nodes, edges, comments };
}

/** A label as Mermaid shows it: entity codes decoded, `<br/>` as a line break. */
export function mermaidText(label: string): string {
  return label
    .replace(/<br\/>/g, "\n")
    .replace(/#quot;/g, '"')
    .replace(/#lt;/g, "<")
    .replace(/#gt;/g, ">")
    .replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}
