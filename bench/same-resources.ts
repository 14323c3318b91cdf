import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * What one synthesized output holds, per stack: how many resources of each type, in
 * total and per pattern (by the `bulkhead:pattern` tag, for the types that carry tags),
 * the providers, the backend and the packaged handler files. The counts per pattern keep
 * a stack of several patterns from matching by one pattern's surplus making up for
 * another's shortfall. Equal counts are necessary, not sufficient: attributeDifferences
 * (below) compares every attribute, and the two together make synth costs comparable.
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

/**
 * Attribute-level equivalence. cdktf names each resource by its construct path (a logical
 * id such as `queue-ingest-shard-0_queue_DA0E3575`), which differs between two programs
 * that build the same infrastructure. So each resource gets a key built from its type and
 * a stable natural name (`aws_sqs_queue[orders-dev-ingest-0]`); a resource without one
 * (a policy, a mapping) is keyed by the resources it attaches to, in the same terms
 * (`aws_sqs_queue_policy[queue_url=${aws_sqs_queue[orders-dev-ingest-0].url}]`). Every
 * reference (`${aws_x.<id>.attr}`, the bare `aws_x.<id>.attr` inside jsonencode, and
 * `depends_on` entries) is rewritten to those keys, cdktf's `//` metadata is dropped, and
 * asset folder names (also logical ids) are masked. What is left must be equal.
 */
export interface NormalizedStack {
  /** The top-level blocks other than `resource` (terraform, provider, data, output, ...). */
  readonly blocks: Readonly<Record<string, unknown>>;
  /** Every resource by its stable key. */
  readonly resources: ReadonlyMap<string, unknown>;
}

/** Literal attributes that name a resource, most specific first. */
const NAME_ATTRIBUTES = ["function_name", "alarm_name", "dashboard_name", "name", "bucket_prefix", "key"];
/** Reference attributes that tie an unnamed (or not uniquely named) resource to what it belongs to. */
const ANCHOR_ATTRIBUTES = ["role", "arn", "queue_url", "topic_arn", "endpoint", "event_source_arn", "function_name", "bucket"];
const REFERENCE = /\b(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;
/** cdktf copies each asset to `assets/<asset's logical id>/<hash>/`; the hash stays. */
const ASSET_FOLDER = /^assets\/[^/]+\//;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function normalizedStacks(outDir: string): Map<string, NormalizedStack> {
  const stacksDir = join(outDir, "stacks");
  const stacks = new Map<string, NormalizedStack>();
  for (const stack of readdirSync(stacksDir).sort()) {
    stacks.set(stack, normalizeStack(JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8"))));
  }
  return stacks;
}

function normalizeStack(tf: Record<string, Json>): NormalizedStack {
  const declared = tf.resource && typeof tf.resource === "object" ? (tf.resource as Record<string, Record<string, Record<string, Json>>>) : {};
  const bodies = new Map<string, Record<string, Json>>();
  for (const [type, byId] of Object.entries(declared)) for (const [id, body] of Object.entries(byId)) bodies.set(`${type}.${id}`, body);

  const literalName = (body: Record<string, Json>): string | undefined =>
    NAME_ATTRIBUTES.map((a) => body[a]).find((v): v is string => typeof v === "string" && !v.includes("${"));
  const namesPerType = new Map<string, number>();
  for (const [address, body] of bodies) {
    const name = literalName(body);
    if (name !== undefined) namesPerType.set(`${typeOf(address)}\0${name}`, (namesPerType.get(`${typeOf(address)}\0${name}`) ?? 0) + 1);
  }

  const keys = new Map<string, string>();
  const resolving = new Set<string>();
  const keyOf = (address: string): string => {
    const known = keys.get(address);
    if (known !== undefined) return known;
    if (resolving.has(address)) throw new Error(`reference cycle through ${address}`);
    resolving.add(address);
    const body = bodies.get(address)!;
    const type = typeOf(address);
    const name = literalName(body);
    const parts: string[] = name === undefined ? [] : [name];
    if (name === undefined || namesPerType.get(`${type}\0${name}`)! > 1) {
      for (const attribute of ANCHOR_ATTRIBUTES) {
        const value = body[attribute];
        if (typeof value === "string" && value.includes("${")) parts.push(`${attribute}=${rewrite(value)}`);
      }
    }
    resolving.delete(address);
    const key = `${type}[${parts.join(", ")}]`;
    keys.set(address, key);
    return key;
  };
  const rewrite = (text: string): string =>
    text
      .replace(REFERENCE, (match, data: string | undefined, type: string, id: string) => (data || !bodies.has(`${type}.${id}`) ? match : keyOf(`${type}.${id}`)))
      .replace(ASSET_FOLDER, "assets/<asset>/");
  const normalize = (value: Json, attribute?: string): Json => {
    if (typeof value === "string") return rewrite(value);
    if (Array.isArray(value)) {
      const items = value.map((v) => normalize(v));
      // Terraform orders nothing by depends_on: only the set matters.
      return attribute === "depends_on" ? items.sort() : items;
    }
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, normalize(v, k)]));
    }
    return value;
  };

  const resources = new Map<string, unknown>();
  const seen = new Map<string, number>();
  for (const [address, body] of bodies) {
    let key = keyOf(address);
    // Two resources alike in type, name and anchors: tell them apart by order, the best left.
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key = `${key} #${n}`;
    resources.set(key, normalize(body));
  }
  const blocks = Object.fromEntries(Object.entries(tf).filter(([k]) => k !== "resource" && k !== "//").map(([k, v]) => [k, normalize(v)]));
  return { blocks, resources };
}

function typeOf(address: string): string {
  return address.slice(0, address.indexOf("."));
}

/**
 * Every attribute by which `b` differs from `a`, one line each, stacks and resources in
 * sorted order (so the first lines are the first differences); empty when equal.
 */
export function attributeDifferences(aDir: string, bDir: string, aName: string, bName: string): string[] {
  const [a, b] = [normalizedStacks(aDir), normalizedStacks(bDir)];
  const out: string[] = [];
  for (const stack of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const [x, y] = [a.get(stack), b.get(stack)];
    if (!x || !y) {
      out.push(`stack ${stack} only in ${x ? aName : bName}`);
      continue;
    }
    for (const block of [...new Set([...Object.keys(x.blocks), ...Object.keys(y.blocks)])].sort()) {
      diffValues(x.blocks[block], y.blocks[block], `${stack}: ${block}`, "", aName, bName, out);
    }
    for (const key of [...new Set([...x.resources.keys(), ...y.resources.keys()])].sort()) {
      const [rx, ry] = [x.resources.get(key), y.resources.get(key)];
      if (rx === undefined || ry === undefined) out.push(`${stack}: ${key}: only in ${rx === undefined ? bName : aName}`);
      else diffValues(rx, ry, `${stack}: ${key}`, "", aName, bName, out);
    }
  }
  return out;
}

const ABSENT = Symbol("absent");

/** Appends `where: path: aName value, bName value` for each leaf that differs. */
function diffValues(a: unknown, b: unknown, where: string, path: string, aName: string, bName: string, out: string[]): void {
  if (a === undefined) a = ABSENT;
  if (b === undefined) b = ABSENT;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffValues(a[i], b[i], where, `${path}[${i}]`, aName, bName, out);
  } else if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffValues(a[k], b[k], where, path ? `${path}.${k}` : k, aName, bName, out);
  } else if (a !== b) {
    const [sa, sb] = typeof a === "string" && typeof b === "string" ? aroundFirstDifference(a, b) : [show(a), show(b)];
    out.push(`${where}: ${path || "(value)"}: ${aName} ${sa}, ${bName} ${sb}`);
  }
}

/** The first `limit` differences, and how many more there are: a report, not a flood. */
export function firstDifferences(differences: readonly string[], limit = 25): string[] {
  if (differences.length <= limit) return [...differences];
  return [...differences.slice(0, limit), `... and ${differences.length - limit} more`];
}

function show(v: unknown): string {
  if (v === ABSENT) return "(absent)";
  const text = JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Two long strings as the stretch around where they first differ. */
function aroundFirstDifference(a: string, b: string): [string, string] {
  if (a.length <= 120 && b.length <= 120) return [JSON.stringify(a), JSON.stringify(b)];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  const cut = (s: string) => `${from > 0 ? "..." : ""}${JSON.stringify(s.slice(from, i + 60))}${i + 60 < s.length ? "..." : ""}`;
  return [`(at ${i}) ${cut(a)}`, cut(b)];
}
