import { readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./support/project.js";

function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

describe("synth output", () => {
  const first = cli(process.cwd(), "synth", "--out", ".bulkhead-tmp/determinism-a");
  const second = cli(process.cwd(), "synth", "--out", ".bulkhead-tmp/determinism-b");
  const a = filesUnder(".bulkhead-tmp/determinism-a");
  const b = filesUnder(".bulkhead-tmp/determinism-b");

  it("is byte-for-byte the same for the same spec", () => {
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
  });

  it("names no absolute path of the build machine", () => {
    const forbidden = [process.cwd(), tmpdir(), process.env.HOME ?? "/root"].filter((p) => p.length > 1);
    for (const [path, bytes] of a) {
      const text = bytes.toString("latin1");
      for (const p of forbidden) expect(text.includes(p), `${path} contains ${p}`).toBe(false);
    }
  });
});
