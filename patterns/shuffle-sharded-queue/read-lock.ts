import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SpecError } from "../spec/errors.js";
import { emptyLock, LockFileError, lockPathFor, parseLock, type ShardsLock } from "./lock.js";

/**
 * The lock beside a spec, read synchronously because synth is synchronous; no file
 * means nothing assigned yet, a broken file is a located user error.
 */
export function readLockBeside(specFile: string, projectRoot: string): { lockFile: string; lock: ShardsLock } {
  const lockFile = lockPathFor(specFile);
  const path = resolve(projectRoot, lockFile);
  if (!existsSync(path)) return { lockFile, lock: emptyLock() };
  try {
    return { lockFile, lock: parseLock(readFileSync(path, "utf8"), lockFile) };
  } catch (err) {
    if (!(err instanceof LockFileError)) throw err;
    throw new SpecError([{ file: lockFile, line: 1, column: 1, path: [], message: err.message.replace(`${lockFile}: `, ""), severity: "error" }]);
  }
}
