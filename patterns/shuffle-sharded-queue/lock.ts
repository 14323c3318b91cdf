import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { byCodeUnits } from "./assignment-random.js";
import type { PatternLock } from "./assignment-types.js";

export const LOCK_VERSION = 1;

/** The lock file: every shuffle-sharded-queue pattern of one spec, by pattern name. */
export interface ShardsLock {
  readonly version: typeof LOCK_VERSION;
  readonly patterns: Readonly<Record<string, PatternLock>>;
}

export class LockFileError extends Error {
  override readonly name = "LockFileError";
  /** What is wrong, without the file: `patterns.ingest.assignments.acme: …`. */
  readonly reason: string;
  constructor(
    readonly file: string,
    /** Where in the file, as a JSON path like `patterns.ingest.assignments.acme`. */
    readonly at: string,
    message: string,
  ) {
    const reason = `${at ? `${at}: ` : ""}${message}`;
    super(`${file}: ${reason}`);
    this.reason = reason;
  }
}

export function emptyLock(): ShardsLock {
  return { version: LOCK_VERSION, patterns: {} };
}

/** `services/orders/service.yaml` → `services/orders/service.shards.lock.json`. */
export function lockPathFor(specPath: string): string {
  const { dir, name } = path.parse(specPath);
  return path.join(dir, `${name}.shards.lock.json`);
}

/**
 * The lock beside a spec; a missing file is an empty lock (nothing assigned yet).
 * Synchronous, like synth, which reads it while building stacks.
 */
export function readLock(file: string): ShardsLock {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyLock();
    throw error;
  }
  return parseLock(text, file);
}

/**
 * Writes a temporary file beside the target, flushes it, then renames it over
 * the target: readers see the old lock or the new one, never half of one.
 */
export function writeLock(file: string, lock: ShardsLock): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = openSync(temporary, "wx");
    try {
      writeFileSync(handle, serializeLock(lock), "utf8");
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * JSON laid out for review: patterns and tenants sorted, one tenant per line,
 * so adding a tenant is a one-line diff and re-running assign is no diff.
 */
export function serializeLock(lock: ShardsLock): string {
  const patterns = Object.keys(lock.patterns)
    .sort(byCodeUnits)
    .map((name) => `    ${JSON.stringify(name)}: ${serializePattern(lock.patterns[name])}`);
  const body = patterns.length === 0 ? "{}" : `{\n${patterns.join(",\n")}\n  }`;
  return `{\n  "version": ${lock.version},\n  "patterns": ${body}\n}\n`;
}

function serializePattern(pattern: PatternLock): string {
  const tenants = Object.keys(pattern.assignments)
    .sort(byCodeUnits)
    .map((tenant) => `        ${JSON.stringify(tenant)}: [${pattern.assignments[tenant].join(", ")}]`);
  const assignments = tenants.length === 0 ? "{}" : `{\n${tenants.join(",\n")}\n      }`;
  return [
    "{",
    `      "n": ${pattern.n},`,
    `      "k": ${pattern.k},`,
    `      "maxOverlap": ${pattern.maxOverlap === null ? "null" : pattern.maxOverlap},`,
    `      "assignments": ${assignments}`,
    "    }",
  ].join("\n");
}

/** Parses and checks a lock file's text; `file` only names it in errors. */
export function parseLock(text: string, file: string): ShardsLock {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LockFileError(file, "", `not valid JSON (${(error as Error).message})`);
  }
  const top = expectObject(raw, file, "");
  if (top.version !== LOCK_VERSION) {
    throw new LockFileError(
      file,
      "version",
      `unsupported lock version ${JSON.stringify(top.version)}; this bulkhead reads version ${LOCK_VERSION}`,
    );
  }
  const patterns = expectObject(top.patterns, file, "patterns");
  return {
    version: LOCK_VERSION,
    patterns: Object.fromEntries(
      Object.entries(patterns).map(([name, value]) => [name, parsePattern(value, file, `patterns.${name}`)]),
    ),
  };
}

function parsePattern(raw: unknown, file: string, at: string): PatternLock {
  const pattern = expectObject(raw, file, at);
  const n = expectInteger(pattern.n, 1, Number.MAX_SAFE_INTEGER, file, `${at}.n`);
  const k = expectInteger(pattern.k, 2, n, file, `${at}.k`);
  const maxOverlap =
    pattern.maxOverlap === null ? null : expectInteger(pattern.maxOverlap, 0, k - 1, file, `${at}.maxOverlap`);
  const assignments = expectObject(pattern.assignments, file, `${at}.assignments`);
  return {
    n,
    k,
    maxOverlap,
    assignments: Object.fromEntries(
      Object.entries(assignments).map(([tenant, set]) => [
        tenant,
        parseShardSet(set, n, k, file, `${at}.assignments.${tenant}`),
      ]),
    ),
  };
}

function parseShardSet(raw: unknown, n: number, k: number, file: string, at: string): number[] {
  const valid =
    Array.isArray(raw) &&
    raw.length === k &&
    raw.every((shard, i) => Number.isInteger(shard) && shard >= 0 && shard < n && (i === 0 || shard > raw[i - 1]));
  if (!valid) {
    throw new LockFileError(file, at, `expected ${k} distinct shard indexes in [0, ${n}), ascending; got ${JSON.stringify(raw)}`);
  }
  return raw as number[];
}

function expectObject(raw: unknown, file: string, at: string): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new LockFileError(file, at, `expected an object, got ${JSON.stringify(raw)}`);
  }
  return raw as Record<string, unknown>;
}

function expectInteger(raw: unknown, min: number, max: number, file: string, at: string): number {
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < min || raw > max) {
    throw new LockFileError(file, at, `expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return raw;
}
