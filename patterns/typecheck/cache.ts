import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/**
 * A passing type-check, remembered with every file the compiler read (as `--listFiles` names them)
 * and each one's size and modification time, as make and tsc's own incremental mode do: while none
 * of them changed, the same check would pass again, so `synth` after `check` (and a second `check`)
 * skips the compiler. Reading the ~1,000 declaration files costs tsc most of its 0.3 s; looking at
 * their sizes and times costs milliseconds. Failures are never remembered.
 */
const CACHE_FILE = join("node_modules", ".cache", "bulkhead", "typecheck.json");
const KEPT = 16;

type Stamp = [path: string, mtimeMs: number, size: number];
type Cache = Record<string, Stamp[]>;

/** What makes one check the same as another: the compiler, the generated config and the project's. */
export function checkKey(parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

export function passedBefore(projectRoot: string, key: string): boolean {
  const stamps = read(projectRoot)[key];
  return stamps !== undefined && stamps.every(([path, mtimeMs, size]) => {
    const now = stampOf(resolve(projectRoot, path));
    return now !== undefined && now[0] === mtimeMs && now[1] === size;
  });
}

export function rememberPass(projectRoot: string, key: string, files: readonly string[]): void {
  const stamps: Stamp[] = [];
  for (const file of files) {
    const stamp = stampOf(resolve(projectRoot, file));
    if (stamp === undefined) return;
    const rel = relative(projectRoot, resolve(projectRoot, file));
    stamps.push([isAbsolute(rel) ? rel : rel.split(sep).join("/"), stamp[0], stamp[1]]);
  }
  const cache = read(projectRoot);
  delete cache[key];
  const kept = Object.entries(cache).slice(-(KEPT - 1));
  const path = join(projectRoot, CACHE_FILE);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries([...kept, [key, stamps]])));
    renameSync(temporary, path);
  } catch {
    // A read-only project only loses the shortcut.
  }
}

function read(projectRoot: string): Cache {
  try {
    return JSON.parse(readFileSync(join(projectRoot, CACHE_FILE), "utf8")) as Cache;
  } catch {
    return {};
  }
}

function stampOf(path: string): [number, number] | undefined {
  try {
    const s = statSync(path);
    return [s.mtimeMs, s.size];
  } catch {
    return undefined;
  }
}
