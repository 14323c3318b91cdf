import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { App } from "cdktf";
import type { PreparedService } from "./pipeline.js";
import { ServiceStack } from "./service-stack.js";

/** Adds one stack per service and environment to an app. */
export function addStacks(app: App, services: readonly PreparedService[], projectRoot: string): void {
  for (const service of services) {
    for (const model of service.models) new ServiceStack(app, model, projectRoot);
  }
}

/**
 * Synthesizes into a staging folder beside `outDir` and swaps it in only when the
 * whole synth succeeded, so a failed run leaves the previous output intact.
 */
export function synthesizeAtomically(services: readonly PreparedService[], outDir: string, projectRoot: string): string[] {
  const target = resolve(projectRoot, outDir);
  assertReplaceable(target, outDir);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (err) {
    throw new OutputDirError(outDir, `cannot create its parent folder (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const staging = join(dirname(target), `.${basename(target)}.staging-${process.pid}`);
  const previous = join(dirname(target), `.${basename(target)}.previous-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging, skipValidation: false });
    addStacks(app, services, projectRoot);
    app.synth();
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  const hadPrevious = existsSync(target);
  if (hadPrevious) renameSync(target, previous);
  renameSync(staging, target);
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
  return services.flatMap((s) => s.models.map((m) => join(outDir, "stacks", m.stackName)));
}

/** What a cdktf output folder holds; anything else means `--out` points somewhere precious. */
const SYNTH_OUTPUT_ENTRIES = new Set(["manifest.json", "stacks"]);

/** The output folder is replaced whole, so it must be absent or a previous synth's output. */
function assertReplaceable(target: string, outDir: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new OutputDirError(outDir, "it is a file");
  const strangers = readdirSync(target).filter((entry) => !SYNTH_OUTPUT_ENTRIES.has(entry));
  if (strangers.length > 0) {
    throw new OutputDirError(outDir, `it is not a previous synth output (it holds ${strangers.slice(0, 3).join(", ")}${strangers.length > 3 ? ", ..." : ""})`);
  }
}

/** A user's `--out` that bulkhead will not write to; reported without a stack trace. */
export class OutputDirError extends Error {
  constructor(
    readonly outDir: string,
    reason: string,
  ) {
    super(`refusing to write ${outDir}: ${reason}`);
    this.name = "OutputDirError";
  }
}
