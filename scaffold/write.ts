import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ScaffoldError } from "./errors.js";
import type { ScaffoldFile } from "./render-files.js";

function writeDurably(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const handle = openSync(path, "wx");
  try {
    writeFileSync(handle, text, "utf8");
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}

const stageName = (target: string, what: string) => join(dirname(target), `.${basename(target)}.bulkhead-${what}-${randomBytes(6).toString("hex")}`);

/**
 * A new folder with these files, all at once: they are written to a staging folder beside it,
 * which one rename turns into the folder. Whatever fails, the folder does not exist afterwards.
 */
export function writeNewFolder(target: string, files: readonly ScaffoldFile[]): void {
  const createdParent = mkdirSync(dirname(target), { recursive: true });
  const stage = stageName(target, "new");
  try {
    for (const file of files) writeDurably(join(stage, file.path), file.text);
    if (existsSync(target)) throw new ScaffoldError(`${target} appeared while it was being written; nothing written`);
    renameSync(stage, target);
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    if (createdParent !== undefined) rmSync(createdParent, { recursive: true, force: true });
    throw error;
  }
}

/** A change to a service's folder: a file that must not exist yet, or one replaced whose old text is known. */
export interface FileChange {
  /** Absolute. */
  readonly path: string;
  readonly text: string;
  /** The text it replaces; undefined for a new file. */
  readonly before?: string;
}

/**
 * Applies the changes in order, each file whole by rename (a new one by link, so an existing file is
 * never overwritten), from a staging folder in `folder`. If one fails, those applied are undone:
 * new files removed, replaced ones given back their old text.
 */
export function applyChanges(folder: string, changes: readonly FileChange[]): void {
  const stage = stageName(join(folder, "changes"), "add");
  const undo: (() => void)[] = [];
  try {
    const staged = changes.map((change, i) => {
      const path = join(stage, String(i));
      writeDurably(path, change.text);
      return path;
    });
    changes.forEach((change, i) => {
      if (change.before === undefined) {
        const created = mkdirSync(dirname(change.path), { recursive: true });
        if (created !== undefined) undo.push(() => rmSync(created, { recursive: true, force: true }));
        placeNew(staged[i]!, change.path);
        undo.push(() => rmSync(change.path, { force: true }));
      } else {
        renameSync(staged[i]!, change.path);
        undo.push(() => restore(change.path, change.before!));
      }
    });
  } catch (error) {
    for (const step of undo.reverse()) step();
    throw error;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function restore(path: string, text: string): void {
  const temporary = stageName(path, "restore");
  writeDurably(temporary, text);
  renameSync(temporary, path);
}

/** Puts `staged` at `target`, refusing to replace a file there: a hard link fails if the target exists. */
function placeNew(staged: string, target: string): void {
  try {
    linkSync(staged, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new ScaffoldError(`${target} already exists; nothing written`);
    // A file system without hard links: check, then rename.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw error;
    if (existsSync(target)) throw new ScaffoldError(`${target} already exists; nothing written`);
    renameSync(staged, target);
  }
}
