/**
 * The architecture as a graph, independent of how it is drawn: `build.ts` makes it from the
 * resolved model, `dot.ts` and `mermaid.ts` render it. Order is insertion order, which follows
 * the model's, so the same model always gives the same text.
 */

export type NodeKind = "external" | "topic" | "queue" | "dlq" | "function" | "table" | "bucket" | "parameter" | "alarm";

export interface DiagramNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** First line is what it is, the second usually its AWS name. */
  readonly lines: readonly string[];
  /** Every resource a summary node stands for, by name (a tooltip in SVG, a comment in Mermaid). */
  readonly members?: readonly string[];
  /** The pattern cluster it is drawn in; absent: the stack level. */
  readonly cluster?: string;
}

export type EdgeKind = "publish" | "deliver" | "consume" | "send" | "dead-letter" | "data";

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label: string;
}

export interface DiagramCluster {
  readonly id: string;
  readonly lines: readonly string[];
}

export interface Diagram {
  readonly title: string;
  readonly clusters: readonly DiagramCluster[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** Distinct labels an edge merged from several model relations shows at most, then "…". */
const MAX_EDGE_LABELS = 3;

/**
 * Collects edges; relations between the same two nodes of the same kind (eight shard mappings into
 * one consumer, twelve silo grants drawn between summary nodes) merge into one edge that counts
 * them. `relation` names what is counted (a queue, a function): two statements of one function's
 * role on one bucket are one relation.
 */
export class EdgeSet {
  readonly #edges = new Map<string, { from: string; to: string; kind: EdgeKind; labels: string[]; relations: Set<string> }>();

  add(from: string, to: string, kind: EdgeKind, label: string, relation: string): void {
    const key = `${from}\u0000${to}\u0000${kind}`;
    const edge = this.#edges.get(key) ?? { from, to, kind, labels: [], relations: new Set<string>() };
    this.#edges.set(key, edge);
    edge.relations.add(relation);
    if (!edge.labels.includes(label)) edge.labels.push(label);
  }

  edges(): DiagramEdge[] {
    return [...this.#edges.values()].map(({ from, to, kind, labels, relations }) => {
      const shown = labels.length > MAX_EDGE_LABELS ? [...labels.slice(0, MAX_EDGE_LABELS), "…"] : labels;
      return { from, to, kind, label: `${shown.join("; ")}${relations.size > 1 ? ` (×${relations.size})` : ""}` };
    });
  }
}

/** An identifier both DOT and Mermaid take unquoted: letters, digits, underscores. */
export function nodeId(prefix: string, id: string): string {
  return `${prefix}_${id.replace(/[^A-Za-z0-9]/g, "_")}`;
}
