import { isMap, isScalar, parseDocument, type Pair } from "yaml";
import { ScaffoldError } from "./errors.js";

/** The indentation the rendered pattern block has (templates/pattern.yaml.hbs). */
const TEMPLATE_INDENT = 2;

/**
 * The spec's text with `block` (one rendered pattern) added as the last entry of its `patterns`
 * map. Every byte of the spec outside the insertion stays as it was, comments and layout included:
 * the Document API finds where the map ends and how its keys are indented; the text is spliced there.
 */
export function insertPattern(text: string, block: string, file: string): string {
  const doc = parseDocument(text);
  const patterns = doc.get("patterns", true);
  if (!isMap(patterns) || patterns.items.length === 0) throw new ScaffoldError(`${file} has no patterns map to add to`);
  if (patterns.flow) throw new ScaffoldError(`${file} writes patterns in flow style ({ ... }); write it as a block (one pattern per line, indented) to add to it`);
  const first = patterns.items[0] as Pair;
  if (!isScalar(first.key) || !first.key.range) throw new ScaffoldError(`${file}: cannot tell how its patterns are indented`);
  const keyStart = first.key.range[0];
  const indent = keyStart - (text.lastIndexOf("\n", keyStart - 1) + 1);
  const end = patterns.range![1];
  const before = text.slice(0, end);
  const shift = " ".repeat(Math.max(0, indent - TEMPLATE_INDENT));
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const shifted = block
    .split("\n")
    .map((line) => (line === "" ? line : shift + line))
    .join(newline);
  return `${before}${before.endsWith("\n") ? "" : newline}${shifted}${text.slice(end)}`;
}
