import type { ServiceModel } from "../../patterns/model/types.js";
import { buildDiagram } from "./build.js";
import { renderDot } from "./dot.js";
import { renderMermaid } from "./mermaid.js";

export type DiagramFormat = "mermaid" | "dot" | "svg";
export const DIAGRAM_FORMATS: readonly DiagramFormat[] = ["mermaid", "dot", "svg"];

/** The stack's architecture as Mermaid, DOT, or SVG (DOT laid out by Graphviz; its WebAssembly loads only then). */
export async function renderDiagram(model: ServiceModel, format: DiagramFormat): Promise<string> {
  const diagram = buildDiagram(model);
  if (format === "mermaid") return renderMermaid(diagram);
  const dot = renderDot(diagram);
  if (format === "dot") return dot;
  const { renderSvg } = await import("./svg.js");
  return renderSvg(dot);
}

export { buildDiagram } from "./build.js";
