// Compiles the CLI and the cdktf app to dist/ (run by `npm ci` through `prepare`), so no
// user command compiles TypeScript. Dependencies stay external and commands are split
// into chunks loaded on demand: `bulkhead --help` never reads cdktf or the validator.
// No source maps: with them, every construct's captured stack trace is source-mapped.
// yaml and zod are bundled in: loaded from node_modules they are some hundred small files that
// every command reads at start (about 0.1 s); the large or native packages stay external.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
/**
 * cdktf, constructs and the AWS provider are CommonJS. Imported from an ES module, Node runs its
 * CommonJS export scanner over every one of their files (on the example's synth, about 0.15 s of
 * the loader's time); required, it does not. So the bundle imports them through a CommonJS shim
 * that `require`s them, and the names are read off what `require` returns.
 */
const requireCommonJs = {
  name: "require-commonjs-externals",
  setup(b) {
    const heavy = /^(cdktf|constructs|@cdktf\/provider-aws\/.*)$/;
    b.onResolve({ filter: heavy }, (args) => (args.kind === "require-call" ? { path: args.path, external: true } : { path: args.path, namespace: "require-shim" }));
    b.onLoad({ filter: /.*/, namespace: "require-shim" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { bulkhead: "cli/main.ts", main: "main.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["cdktf", "constructs", "@cdktf/*", "esbuild", "typescript", "@aws-lambda-powertools/*", "@aws-sdk/*"],
  // Bundled CommonJS (yaml) asks for `require`.
  banner: { js: "import { createRequire as __bulkheadRequire } from 'node:module'; const require = __bulkheadRequire(import.meta.url);" },
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: false,
  logLevel: "warning",
  plugins: [requireCommonJs],
});
