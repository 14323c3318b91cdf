import { resolve } from "node:path";
import { SpecError } from "../spec/errors.js";
import { LockFileError, lockPathFor, readLock, type ShardsLock } from "./lock.js";

/** The lock beside a spec, where a broken file is a located user error rather than a crash. */
export function readLockBeside(specFile: string, projectRoot: string): { lockFile: string; path: string; lock: ShardsLock } {
  const lockFile = lockPathFor(specFile);
  const path = resolve(projectRoot, lockFile);
  try {
    return { lockFile, path, lock: readLock(path) };
  } catch (err) {
    if (!(err instanceof LockFileError)) throw err;
    throw new SpecError([{ file: lockFile, line: 1, column: 1, path: [], message: err.reason, severity: "error" }]);
  }
}
