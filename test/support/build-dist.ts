import { execFileSync } from "node:child_process";

/** vitest globalSetup: tests that run the real `bulkhead` and `cdktf` commands get the CLI compiled from this source. */
export default function buildDist(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
