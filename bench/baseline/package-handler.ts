import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
// The one piece borrowed from bulkhead: a plain zip encoder over node:zlib (a team would
// pull in a zip library instead). Sharing it keeps the zipping cost identical on both sides.
import { deterministicZip } from "../../patterns/blocks/zip.js";

export interface PackagedHandler {
  readonly zipPath: string;
  /** base64 SHA-256 of the zip, as Lambda's source_code_hash expects. */
  readonly sourceHash: string;
}

const packaged = new Map<string, PackagedHandler>();
let workDir: string | undefined;

/**
 * esbuild bundle + zip with the options bulkhead uses, so both sides do the same
 * packaging work; each handler is packaged once and reused by every environment's stack,
 * as bulkhead does. Not cdktf's ARCHIVE asset: that zips in a separate Node process per
 * asset per stack, whose time and memory would swamp (and escape) the measurement.
 */
export function packageHandler(projectRoot: string, entry: string, runtime: string): PackagedHandler {
  const key = `${entry}\0${runtime}`;
  const known = packaged.get(key);
  if (known) return known;
  const result = buildSync({
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: runtime === "nodejs20.x" ? "node20" : "node22",
    external: ["@aws-sdk/*", "@smithy/*"],
    minify: true,
    legalComments: "none",
    write: false,
    outfile: "index.mjs",
    // The same banner as bulkhead, byte for byte, so both sides produce identical zips.
    banner: { js: "import { createRequire as __bulkheadRequire } from 'node:module'; const require = __bulkheadRequire(import.meta.url);" },
    logLevel: "silent",
  });
  const zip = deterministicZip([{ name: "index.mjs", data: Buffer.from(result.outputFiles[0]!.contents) }]);
  workDir ??= mkdtempSync(join(tmpdir(), "handwritten-bundles-"));
  const dir = join(workDir, String(packaged.size));
  mkdirSync(dir);
  const zipPath = join(dir, "handler.zip");
  writeFileSync(zipPath, zip);
  const handler = { zipPath, sourceHash: createHash("sha256").update(zip).digest("base64") };
  packaged.set(key, handler);
  return handler;
}
