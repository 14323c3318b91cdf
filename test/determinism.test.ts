import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, EXAMPLE_SPEC, projectOutDir, systemTmpdir } from "./support/project.js";
import { firstZipEntry } from "./support/zip.js";

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

/** The project copied to another absolute path, sharing node_modules, as a second machine would have it. */
function copyOfProject(): string {
  const copy = mkdtempSync(join(tmpdir(), "bulkhead-elsewhere-"));
  const skip = new Set(["node_modules", ".git", "cdktf.out", ".bulkhead-tmp"]);
  for (const entry of readdirSync(".")) if (!skip.has(entry)) cpSync(entry, join(copy, entry), { recursive: true });
  symlinkSync(resolve("node_modules"), join(copy, "node_modules"));
  return copy;
}

// The same --out on both sides: the local state path is relative to the stack folder, so its depth shows.
const OUT = projectOutDir("determinism");
const here = await cli(process.cwd(), "synth", EXAMPLE_SPEC, "--out", OUT);

describe("synth output", () => {
  const elsewhere = copyOfProject();
  // A separate process, so no in-memory cache can hand it the first run's bundles.
  execFileSync(process.execPath, ["bin/bulkhead.mjs", "synth", EXAMPLE_SPEC, "--out", OUT], { cwd: elsewhere, stdio: "pipe" });
  const a = filesUnder(OUT);
  const b = filesUnder(join(elsewhere, OUT));
  afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

  it("is byte-for-byte the same for the same spec, from another process at another path", async () => {
    expect(here.code, here.stderr).toBe(0);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
  });

  it("names no absolute path of the build machine, in the JSON or inside the bundled code", async () => {
    const forbidden = [process.cwd(), elsewhere, tmpdir(), systemTmpdir, process.env.HOME ?? "/root"].filter((p) => p.length > 1);
    const zips = [...a.keys()].filter((p) => p.endsWith(".zip"));
    expect(zips.length).toBeGreaterThan(0);
    for (const [path, bytes] of a) {
      const text = path.endsWith(".zip") ? firstZipEntry(join(OUT, path)) : bytes.toString("utf8");
      for (const p of forbidden) expect(text.includes(p), `${path} contains ${p}`).toBe(false);
    }
  });
});
