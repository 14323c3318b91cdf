import { mkdirSync, rmSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { App } from "cdktf";
import { commitOutput, OutputDirError, type OutputReport } from "./output/commit-output.js";
import type { PreparedService } from "./pipeline.js";
import { ServiceStack } from "./service-stack.js";

export { OutputDirError };

export interface SynthRequest {
  readonly services: readonly PreparedService[];
  /** The output folder as the user named it, relative to the project root or absolute. */
  readonly outDir: string;
  readonly projectRoot: string;
  /** Whether these are every spec of the project (then a stack no spec produces is reported stale). */
  readonly everySpec: boolean;
}

/**
 * Synthesizes into a staging folder beside the output, then brings it in with
 * `commitOutput`: a failed synth leaves the output as it was, and no synth removes a
 * file that synth did not write.
 */
export function synthesize(request: SynthRequest): OutputReport {
  const target = resolve(request.projectRoot, request.outDir);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (err) {
    throw new OutputDirError(request.outDir, `cannot create its parent folder (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const staging = join(dirname(target), `.${basename(target)}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging, skipValidation: false });
    for (const service of request.services) {
      for (const model of service.models) new ServiceStack(app, model, { projectRoot: request.projectRoot, outDir: target, bundles: service.bundles });
    }
    app.synth();
    // The spec as a project-relative path, however it was named: the record must not depend on it, nor hold a machine's path.
    const specOf = (file: string) => relative(request.projectRoot, resolve(request.projectRoot, file)).split(sep).join("/");
    const producedBy = new Map(request.services.flatMap((s) => s.models.map((m) => [m.stackName, specOf(s.loaded.file)] as const)));
    return commitOutput({ stagingDir: staging, targetDir: target, outLabel: request.outDir, producedBy, everySpec: request.everySpec });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
