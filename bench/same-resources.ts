import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * What one synthesized output holds, per stack: how many resources of each type, in
 * total and per pattern (by the `bulkhead:pattern` tag, for the types that carry tags),
 * the providers, the backend and the packaged handler files. Two outputs with the same
 * census make the same infrastructure, so their synth costs are comparable. The counts
 * per pattern keep a stack of several patterns from matching by one pattern's surplus
 * making up for another's shortfall.
 */
export interface Census {
  readonly stacks: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Total size of the cdk.tf.json files: a hint that neither side emits much more text. */
  readonly jsonBytes: number;
}

interface TaggedResource {
  readonly tags?: Readonly<Record<string, string>>;
}

export function census(outDir: string): Census {
  const stacksDir = join(outDir, "stacks");
  const stacks = new Map<string, Map<string, number>>();
  let jsonBytes = 0;
  for (const stack of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, stack, "cdk.tf.json");
    jsonBytes += statSync(file).size;
    const tf = JSON.parse(readFileSync(file, "utf8"));
    const counts = new Map<string, number>();
    for (const [type, byId] of Object.entries<Record<string, TaggedResource>>(tf.resource ?? {})) {
      counts.set(`resource ${type}`, Object.keys(byId).length);
      for (const { tags } of Object.values(byId)) {
        const pattern = tags?.["bulkhead:pattern"];
        if (pattern === undefined) continue;
        const key = `pattern ${pattern}: resource ${type}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    for (const [type, byId] of Object.entries<object>(tf.data ?? {})) counts.set(`data ${type}`, Object.keys(byId).length);
    for (const [name, configs] of Object.entries<unknown[]>(tf.provider ?? {})) counts.set(`provider ${name}`, configs.length);
    for (const kind of Object.keys(tf.terraform?.backend ?? {})) counts.set(`backend ${kind}`, 1);
    counts.set("packaged handler files", countFiles(join(stacksDir, stack, "assets")));
    stacks.set(stack, counts);
  }
  return { stacks, jsonBytes };
}

/** Every way `b` differs from `a`; empty when they hold the same resources. */
export function censusDifferences(a: Census, b: Census, aName: string, bName: string): string[] {
  const differences: string[] = [];
  for (const stack of new Set([...a.stacks.keys(), ...b.stacks.keys()])) {
    const aCounts = a.stacks.get(stack);
    const bCounts = b.stacks.get(stack);
    if (!aCounts || !bCounts) {
      differences.push(`stack ${stack} only in ${aCounts ? aName : bName}`);
      continue;
    }
    for (const key of new Set([...aCounts.keys(), ...bCounts.keys()])) {
      const [x, y] = [aCounts.get(key) ?? 0, bCounts.get(key) ?? 0];
      if (x !== y) differences.push(`${stack}: ${key}: ${aName} ${x}, ${bName} ${y}`);
    }
  }
  return differences;
}

/** "2 stacks, 49 resources each (13 types)", for the report. */
export function describeCensus(c: Census): string {
  const perStack = [...c.stacks.values()].map((counts) => [...counts].filter(([key]) => key.startsWith("resource ")));
  const sizes = new Set(perStack.map((entries) => entries.reduce((n, [, count]) => n + count, 0)));
  const types = new Set(perStack.flatMap((entries) => entries.map(([key]) => key)));
  return `${c.stacks.size} stacks, ${[...sizes].join("/")} resources each (${types.size} types)`;
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}
