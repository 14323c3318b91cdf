import { z } from "zod";

/**
 * Reads the spec schema the way a person reads the docs: what belongs at a path, which keys a map
 * knows, what a value should look like in words. zod's issues only say "expected record"; the
 * schema knows "a map of names to settings" and the key that was probably meant.
 */

type Schema = z.core.$ZodType;
interface Def {
  readonly type: string;
  readonly [field: string]: unknown;
}

const def = (schema: Schema): Def => schema._zod.def as unknown as Def;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch", "success"]);

/** The schema that does the checking, past optional/default wrappers, lazies and pipes; a union is picked by the input. */
export function unwrap(schema: Schema, input?: unknown): Schema {
  for (let guard = 0; guard < 20; guard++) {
    const d = def(schema);
    if (WRAPPERS.has(d.type)) schema = d.innerType as Schema;
    else if (d.type === "lazy") schema = (d.getter as () => Schema)();
    else if (d.type === "pipe") schema = d.in as Schema;
    else if (d.type === "union") {
      const picked = pickOption(d, input);
      if (!picked) return schema;
      schema = picked;
    } else return schema;
  }
  return schema;
}

/** The option of a union that `input` is meant for: by discriminator value, else by kind (list, map, text). */
function pickOption(d: Def, input: unknown): Schema | undefined {
  const options = d.options as Schema[];
  if (typeof d.discriminator === "string") {
    if (!isMap(input)) return undefined;
    const found = input[d.discriminator];
    return options.find((o) => {
      const tag = objectShape(unwrap(o))?.[d.discriminator as string];
      return tag !== undefined && (tag._zod.values as Set<unknown> | undefined)?.has(found as never) === true;
    });
  }
  if (input === undefined) return undefined;
  const matching = options.filter((o) => kindMatches(unwrap(o), input));
  return matching.length === 1 ? matching[0] : undefined;
}

function kindMatches(schema: Schema, input: unknown): boolean {
  switch (def(schema).type) {
    case "object":
    case "record":
      return isMap(input);
    case "array":
      return Array.isArray(input);
    case "string":
      return typeof input === "string";
    case "number":
      return typeof input === "number";
    case "boolean":
      return typeof input === "boolean";
    default:
      return false;
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectShape(schema: Schema): Record<string, Schema> | undefined {
  const d = def(schema);
  return d.type === "object" ? (d.shape as Record<string, Schema>) : undefined;
}

export interface SchemaAt {
  /** The schema for the value at the path, wrappers included. */
  readonly schema: Schema;
  /** Its `.describe()` text, from the schema or one of its wrappers. */
  readonly description?: string;
}

/** What the schema expects at `path` of `input`, or undefined where the schema does not say (an unknown key). */
export function schemaAt(root: Schema, path: readonly PropertyKey[], input: unknown): SchemaAt | undefined {
  let schema = root;
  let value = input;
  for (const part of path) {
    const inner = unwrap(schema, value);
    const d = def(inner);
    if (d.type === "object") {
      const child = (d.shape as Record<string, Schema>)[String(part)];
      if (!child) return undefined;
      schema = child;
    } else if (d.type === "record") schema = d.valueType as Schema;
    else if (d.type === "array") schema = d.element as Schema;
    else return undefined;
    value = isMap(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[part as never] : undefined;
  }
  const description = descriptionOf(schema);
  return description ? { schema, description } : { schema };
}

/** The keys the map at `path` accepts, when it is a map with fixed keys (not a map of names). */
export function knownKeysAt(root: Schema, path: readonly PropertyKey[], input: unknown): string[] | undefined {
  const at = schemaAt(root, path, input);
  if (!at) return undefined;
  const shape = objectShape(unwrap(at.schema, valueAt(input, path)));
  return shape ? Object.keys(shape) : undefined;
}

/** The keys of the maps with fixed keys one level below the map at `path`: `function` -> its keys. */
export function nestedKeysAt(root: Schema, path: readonly PropertyKey[], input: unknown): Map<string, string[]> {
  const nested = new Map<string, string[]>();
  const at = schemaAt(root, path, input);
  const shape = at && objectShape(unwrap(at.schema, valueAt(input, path)));
  for (const [key, child] of Object.entries(shape ?? {})) {
    const childShape = objectShape(unwrap(child));
    if (childShape) nested.set(key, Object.keys(childShape));
  }
  return nested;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) value = isMap(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[part as never] : undefined;
  return value;
}

function descriptionOf(schema: Schema): string | undefined {
  for (let guard = 0; guard < 20; guard++) {
    const description = z.globalRegistry.get(schema)?.description;
    if (description) return description;
    const d = def(schema);
    if (!WRAPPERS.has(d.type)) return undefined;
    schema = d.innerType as Schema;
  }
  return undefined;
}

/**
 * What a value of `schema` is, in words: "a whole number from 2 to 8", "a list of strings",
 * "a map with handler". `plural` gives the form after "a list of"; `shallow` stops at "a list"/"a map".
 */
export function nounFor(schema: Schema, how: { plural?: boolean; shallow?: boolean } = {}): string | undefined {
  const plural = how.plural === true;
  const s = unwrap(schema);
  const d = def(s);
  switch (d.type) {
    case "string": {
      const pattern = plural ? undefined : patternNoun(d);
      return pattern ?? (plural ? "strings" : "a string");
    }
    case "number":
      return numberNoun(d, plural);
    case "boolean":
      return plural ? "true or false values" : "true or false";
    case "literal":
      return alternatives((d.values as unknown[]).map((v) => JSON.stringify(v)));
    case "enum":
      return alternatives(Object.values(d.entries as Record<string, unknown>).map((v) => JSON.stringify(v)));
    case "array": {
      if (plural || how.shallow) return plural ? "lists" : "a list";
      const element = def(unwrap(d.element as Schema)).type;
      const of = element === "unknown" || element === "any" ? undefined : nounFor(d.element as Schema, { plural: true, shallow: true });
      return of ? `a list of ${of}` : "a list";
    }
    case "record": {
      if (plural || how.shallow) return plural ? "maps" : "a map";
      const of = nounFor(d.valueType as Schema, { plural: true, shallow: true });
      return of ? `a map of names to ${of}` : "a map";
    }
    case "object": {
      if (plural) return "settings";
      const required = Object.entries(d.shape as Record<string, Schema>)
        .filter(([, child]) => child._zod.optin !== "optional")
        .map(([key]) => key);
      return required.length > 0 && required.length <= 5 && !how.shallow ? `a map with ${list(required)}` : "a map of settings";
    }
    case "union": {
      const options = d.options as Schema[];
      if (typeof d.discriminator === "string") return plural ? "settings" : "a map of settings";
      const literals = options.map((o) => unwrap(o)).filter((o) => def(o).type === "literal");
      if (literals.length === options.length) return alternatives(literals.flatMap((o) => (def(o).values as unknown[]).map((v) => JSON.stringify(v))));
      const nouns = [...new Set(options.map((o) => nounFor(o, { plural, shallow: true })))];
      return nouns.every((n) => n !== undefined) ? nouns.join(" or ") : undefined;
    }
    case "unknown":
    case "any":
      return plural ? "values" : "a value";
    default:
      return undefined;
  }
}

/** A regex check's own "expected …" message names the value better than "a string" does. */
function patternNoun(d: Def): string | undefined {
  for (const check of (d.checks as Schema[] | undefined) ?? []) {
    const c = def(check) as Def & { check?: string; format?: string; error?: (issue: unknown) => unknown };
    if (c.check !== "string_format" || c.format !== "regex" || typeof c.error !== "function") continue;
    try {
      const message = c.error({});
      if (typeof message === "string" && message.startsWith("expected ")) return message.slice("expected ".length);
    } catch {
      // an error map that needs a real issue says nothing here
    }
  }
  return undefined;
}

function numberNoun(d: Def, plural: boolean): string {
  let whole = false;
  let min: number | undefined;
  let max: number | undefined;
  let positive = false;
  for (const check of (d.checks as Schema[] | undefined) ?? []) {
    const c = def(check) as Def & { check?: string; format?: string; value?: number; inclusive?: boolean };
    if (c.check === "number_format" && /int/.test(c.format ?? "")) whole = true;
    if (c.check === "greater_than" && typeof c.value === "number") {
      if (c.value === 0 && c.inclusive === false) positive = true;
      else if (c.inclusive) min = c.value;
    }
    if (c.check === "less_than" && typeof c.value === "number" && c.inclusive) max = c.value;
  }
  const kind = `${positive ? "positive " : ""}${whole ? "whole number" : "number"}${plural ? "s" : ""}`;
  const noun = plural ? kind : `a ${kind}`;
  if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
  if (min !== undefined) return `${noun} of at least ${min}`;
  if (max !== undefined) return `${noun} of at most ${max}`;
  return noun;
}

/** `"a"`, `"a" or "b"`, `one of "a", "b", "c"`. */
export function alternatives(values: readonly string[]): string {
  return values.length <= 2 ? values.join(" or ") : `one of ${values.join(", ")}`;
}

function list(words: readonly string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** What zod's `expected` names, in words, for when the schema cannot be found. */
export function nounForExpected(expected: string): string {
  const words: Record<string, string> = {
    string: "a string",
    number: "a number",
    int: "a whole number",
    bigint: "a whole number",
    boolean: "true or false",
    array: "a list",
    tuple: "a list",
    set: "a list",
    object: "a map of settings",
    record: "a map",
    map: "a map",
    null: "nothing",
    undefined: "nothing",
    date: "a date",
  };
  return words[expected] ?? expected;
}
