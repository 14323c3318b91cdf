import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
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
  mkdirSync(dirname(target), { recursive: true });
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
