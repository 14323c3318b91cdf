import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { ServiceModel } from "../patterns/model/types.js";
import type { LocalEndpoints } from "./emulators.js";

/** The file a published run keeps in its folder, `.bulkhead/dev/<pid>-<id>/service.json`. */
export const PUBLISHED_FILE = "service.json";

/**
 * What a running `bulkhead dev` tells other processes of the project (`bulkhead send`): which
 * spec and environment it runs, where its emulators listen, the ARNs of what it created, and a
 * digest of the resolved model, so that a sender that resolves the spec differently (it was
 * edited since) is refused rather than sending by other rules than the running service's.
 */
export interface PublishedRun {
  readonly version: 1;
  readonly pid: number;
  /** Relative to the project, forward slashes. */
  readonly spec: string;
  readonly service: string;
  readonly environment: string;
  readonly stack: string;
  readonly region: string;
  readonly endpoints: LocalEndpoints;
  readonly startedAt: string;
  readonly modelDigest: string;
  /** Every resource's ARN by `kind:id`. */
  readonly arns: Readonly<Record<string, string>>;
}

export interface FoundRun {
  readonly run: PublishedRun;
  readonly file: string;
}

/** The spec as the project names it: relative, forward slashes, whichever way it was given. */
export function projectSpec(projectRoot: string, specPath: string): string {
  return relative(resolve(projectRoot), resolve(projectRoot, specPath)).split(sep).join("/");
}

/** The same model resolves to the same digest in every process (the model holds no paths of this machine, no times). */
export function modelDigest(model: ServiceModel): string {
  return createHash("sha256").update(JSON.stringify(model)).digest("hex").slice(0, 16);
}

/** Written whole and renamed into place, so that a reader never sees half of it. */
export function publishRun(runFolder: string, run: PublishedRun): string {
  const file = join(runFolder, PUBLISHED_FILE);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(run, null, 2)}\n`);
  renameSync(partial, file);
  return file;
}

/** Every published run of the project whose process is alive, newest first; a file left by a process that died is skipped. */
export function publishedRuns(projectRoot: string): FoundRun[] {
  const base = join(resolve(projectRoot), ".bulkhead", "dev");
  if (!existsSync(base)) return [];
  const found: FoundRun[] = [];
  for (const folder of safeList(base)) {
    const file = join(base, folder, PUBLISHED_FILE);
    let run: PublishedRun;
    try {
      run = JSON.parse(readFileSync(file, "utf8")) as PublishedRun;
    } catch {
      continue;
    }
    if (run.version !== 1 || typeof run.pid !== "number" || !alive(run.pid)) continue;
    found.push({ run, file });
  }
  return found.sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt));
}

/**
 * Run folders (`<pid>-<id>`) of processes that are gone: a `bulkhead dev` killed with SIGKILL, or
 * a test process that crashed, could not remove its own. Folders of live processes are kept.
 */
export function removeDeadRuns(projectRoot: string): void {
  const base = join(resolve(projectRoot), ".bulkhead", "dev");
  for (const folder of safeList(base)) {
    const pid = Number(/^(\d+)-[0-9a-f]{8}$/.exec(folder)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(join(base, folder), { recursive: true, force: true });
  }
}

/** Whether a process with this id exists (EPERM: it does, as another user's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
