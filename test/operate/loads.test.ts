import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_SPEC } from "../support/project.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * The modules a fresh `bulkhead ARGS` process loaded: CommonJS ones from Node's require cache at
 * exit (cdktf and the provider are CommonJS), ES modules from a resolve hook (the compiled CLI's
 * chunks, one of which holds Graphviz's WebAssembly build).
 */
function modulesLoadedBy(...argv: string[]): { commonjs: string[]; esm: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "bulkhead-operate-loaded-"));
  dirs.push(dir);
  const cjs = join(dir, "cjs.json");
  const esm = join(dir, "esm.txt");
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(esm)}, result.url + "\\n");
  return result;
}\n`,
  );
  writeFileSync(
    join(dir, "probe.mjs"),
    `import { createRequire, register } from "node:module"; import { writeFileSync } from "node:fs";
register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});
const require = createRequire(import.meta.url);
process.on("exit", () => writeFileSync(${JSON.stringify(cjs)}, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  execFileSync(process.execPath, ["--import", pathToFileURL(join(dir, "probe.mjs")).href, "bin/bulkhead.mjs", ...argv], { stdio: "pipe" });
  return { commonjs: JSON.parse(readFileSync(cjs, "utf8")), esm: existsSync(esm) ? readFileSync(esm, "utf8").split("\n").filter(Boolean) : [] };
}

const heavy = (loaded: { commonjs: string[]; esm: string[] }) => [...loaded.commonjs, ...loaded.esm].filter((m) => /node_modules\/(cdktf|@cdktf\/provider-aws|constructs)\//.test(m));

/** A loaded module that is, or bundles, @hpcc-js/wasm-graphviz (esbuild names each bundled file in a comment). */
const graphviz = (loaded: { esm: string[] }) =>
  loaded.esm.filter((url) => url.includes("@hpcc-js/wasm-graphviz") || (url.startsWith("file:") && readFileSync(fileURLToPath(url), "utf8").includes("node_modules/@hpcc-js/wasm-graphviz/")));

describe("diagram and cost load only what they use", () => {
  it.each([
    ["diagram", EXAMPLE_SPEC],
    ["diagram", EXAMPLE_SPEC, "--format", "dot"],
    ["diagram", EXAMPLE_SPEC, "--format", "svg"],
    ["cost", EXAMPLE_SPEC, "--rate", "ingest=5/s"],
    ["cost", EXAMPLE_SPEC, "--rate", "ingest=5/s", "--json"],
  ].map((argv) => [argv.join(" "), argv] as const))("bulkhead %s never loads cdktf or the provider", (_, argv) => {
    expect(heavy(modulesLoadedBy(...argv))).toEqual([]);
  });

  it("Graphviz's WebAssembly loads for --format svg only", () => {
    expect(graphviz(modulesLoadedBy("diagram", EXAMPLE_SPEC, "--format", "svg")).length).toBeGreaterThan(0);
    expect(graphviz(modulesLoadedBy("diagram", EXAMPLE_SPEC))).toEqual([]);
    expect(graphviz(modulesLoadedBy("diagram", EXAMPLE_SPEC, "--format", "dot"))).toEqual([]);
    expect(graphviz(modulesLoadedBy("cost", EXAMPLE_SPEC))).toEqual([]);
  });

  it("the probe sees cdktf when a command does load it (synth)", () => {
    const out = mkdtempSync(join(tmpdir(), "bulkhead-operate-synth-"));
    dirs.push(out);
    expect(heavy(modulesLoadedBy("synth", EXAMPLE_SPEC, "--out", join(out, "cdktf.out"))).length).toBeGreaterThan(0);
  });
});
