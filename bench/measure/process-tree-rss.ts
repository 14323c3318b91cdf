import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const PAGE_BYTES = Number(execFileSync("getconf", ["PAGESIZE"], { encoding: "utf8" }).trim());

/**
 * The resident memory of a process and all its descendants (esbuild's service is a child
 * of the Node process that bundles), summed. This kernel has no /proc/<pid>/task/<tid>/children
 * (CONFIG_PROC_CHILDREN), so the tree is found from each process's parent pid in
 * /proc/<pid>/stat; a process's stat is read once, when its pid first appears, so a sample
 * costs one listing of /proc plus one statm read per process in the tree.
 */
export class ProcessTreeRss {
  /** Parent of every live pid seen so far. */
  private readonly parents = new Map<number, number>();
  private peak = 0;

  constructor(private readonly root: number) {}

  /** The largest sum seen, in bytes. Shared pages count once per process that maps them. */
  get peakBytes(): number {
    return this.peak;
  }

  sample(): void {
    const live = new Set<number>();
    for (const name of readdirSync("/proc")) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      live.add(pid);
      if (!this.parents.has(pid)) {
        const ppid = parentOf(pid);
        if (ppid !== undefined) this.parents.set(pid, ppid);
      }
    }
    // A pid that went away may come back as another process; forget it.
    for (const pid of this.parents.keys()) if (!live.has(pid)) this.parents.delete(pid);
    let total = 0;
    for (const pid of this.tree()) total += residentBytes(pid);
    this.peak = Math.max(this.peak, total);
  }

  private tree(): number[] {
    const members = [this.root];
    for (let i = 0; i < members.length; i++) {
      for (const [pid, ppid] of this.parents) if (ppid === members[i]) members.push(pid);
    }
    return members;
  }
}

/** Field 4 of /proc/<pid>/stat; the command name before it is in parentheses and may hold spaces. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Field 2 of /proc/<pid>/statm: resident pages. */
function residentBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE_BYTES;
  } catch {
    return 0; // exited between the listing and this read
  }
}
