import { describe, expect, it } from "vitest";
import { insertPattern } from "../../scaffold/spec-insert.js";

const block = "  # a comment\n  more:\n    type: fanout\n";

describe("insertPattern", () => {
  it("adds the block after the last pattern, before what follows the map", () => {
    const spec = "version: 1\npatterns:\n  a: { type: x }   # aligned\n  # about b\n  b:\n    type: y\n\n# trailing\ntenants: [t]\n";
    expect(insertPattern(spec, block, "s.yaml")).toBe(
      "version: 1\npatterns:\n  a: { type: x }   # aligned\n  # about b\n  b:\n    type: y\n  # a comment\n  more:\n    type: fanout\n\n# trailing\ntenants: [t]\n",
    );
  });

  it("indents the block as the spec indents its patterns", () => {
    const spec = "patterns:\n    a:\n        type: x\n";
    expect(insertPattern(spec, block, "s.yaml")).toBe("patterns:\n    a:\n        type: x\n    # a comment\n    more:\n      type: fanout\n");
  });

  it("ends a last line without a newline, and keeps CRLF line endings", () => {
    expect(insertPattern("patterns:\n  a: { type: x }", block, "s.yaml")).toBe(`patterns:\n  a: { type: x }\n${block}`);
    expect(insertPattern("patterns:\r\n  a: { type: x }\r\n", block, "s.yaml")).toBe(`patterns:\r\n  a: { type: x }\r\n${block.replaceAll("\n", "\r\n")}`);
  });

  it("refuses patterns written in flow style, and a spec without patterns", () => {
    expect(() => insertPattern("patterns: { a: { type: x } }\n", block, "s.yaml")).toThrow("s.yaml writes patterns in flow style");
    expect(() => insertPattern("version: 1\n", block, "s.yaml")).toThrow("s.yaml has no patterns map to add to");
  });
});
