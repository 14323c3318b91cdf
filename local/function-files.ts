import { randomUUID } from "node:crypto";
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Bundle } from "../patterns/blocks/bundle.js";
import { WORKER_SOURCE } from "./worker-source.js";

/** Where a running local service keeps its functions' code: inside the project, so that imports resolve there. */
export interface FunctionFiles {
  /** This run's folder, `.bulkhead/dev/<pid>-<id>`. */
  readonly run: string;
  /** The worker bootstrap every function's environments run. */
  readonly bootstrapFile: string;
  /**
   * The folder and handler module of a function: `<function>/index.mjs` for the code it starts
   * with, `<function>/v<n>/index.mjs` for the n-th version a handler edit gave it (environments
   * still running an older version keep their file until the run ends).
   */
  place(functionName: string, bundle: Bundle, version?: number): { folder: string; handlerFile: string };
  remove(): void;
}

/**
 * `.bulkhead/dev/<run>/<function>/index.mjs`: the very file synth zips (its `@aws-sdk/*` imports
 * are external, as Lambda's runtime provides them, and resolve from the project's node_modules
 * here). One folder per run, so that two services running at once (parallel test files) never
 * share or remove each other's code.
 */
export function functionFiles(projectRoot: string): FunctionFiles {
  const base = join(projectRoot, ".bulkhead", "dev");
  const run = join(base, `${process.pid}-${randomUUID().slice(0, 8)}`);
  const bootstrapFile = join(run, "lambda-worker.mjs");
  createRunFolder(run, () => writeFileSync(bootstrapFile, WORKER_SOURCE));
  return {
    run,
    bootstrapFile,
    place(functionName, bundle, version = 1) {
      const folder = join(run, functionName);
      const codeFolder = version === 1 ? folder : join(folder, `v${version}`);
      mkdirSync(codeFolder, { recursive: true });
      const handlerFile = join(codeFolder, "index.mjs");
      writeFileSync(handlerFile, bundle.code);
      return { folder, handlerFile };
    },
    remove() {
      rmSync(run, { recursive: true, force: true });
      // Removing the parents can race another run creating its folder in them; that run retries.
      // The shared parents go too once no other run uses them (rmdir refuses a folder that is not empty).
      for (const dir of [base, join(projectRoot, ".bulkhead")]) {
        try {
          rmdirSync(dir);
        } catch {
          break;
        }
      }
    },
  };
}

/**
 * Another run that stops at this moment may remove the shared parents between `mkdir -p` creating
 * them and creating this run's folder inside; once the folder holds a file, they are safe.
 */
function createRunFolder(run: string, firstFile: () => void): void {
  for (let attempt = 1; ; attempt++) {
    try {
      mkdirSync(run, { recursive: true });
      firstFile();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 5) throw error;
    }
  }
}
