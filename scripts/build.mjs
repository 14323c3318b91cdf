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
});
