import { isMap, isScalar, LineCounter, Scalar, type Document, type Node } from "yaml";
import type { SpecPath } from "../model/types.js";

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Maps spec paths to line and column in the YAML source they were parsed from. */
export class SpecLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    /** The YAML text, to place a position inside a string value; without it, the value's start is used. */
    private readonly source?: string,
  ) {}

  /** Where the value at `path` is; for a missing value, its nearest existing parent. */
  valueAt(path: SpecPath): Position {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true) as Node | undefined;
      if (node?.range) return this.position(node.range[0]);
    }
    return { line: 1, column: 1 };
  }

  /**
   * Where character `offset` of the string at `path` is in the file: past the opening quote of a
   * quoted value. Where the file spells the text differently (escapes, folded lines), the value's start.
   */
  insideValue(path: SpecPath, offset: number): Position {
    const node = this.doc.getIn(path, true);
    if (this.source !== undefined && isScalar(node) && typeof node.value === "string" && node.range && offset >= 0 && offset <= node.value.length) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      const start = node.range[0] + (quoted ? 1 : 0);
      const written = this.source.slice(start, start + offset);
      if ((quoted || node.type === Scalar.PLAIN) && written === node.value.slice(0, offset) && !written.includes("\n")) return this.position(start + offset);
    }
    return this.valueAt(path);
  }

  /** Where the key `key` of the map at `path` is (for unknown keys). */
  keyAt(path: SpecPath, key: string): Position {
    const map = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) return this.position(pair.key.range[0]);
    }
    return this.valueAt(path);
  }

  position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}
