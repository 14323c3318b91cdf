// Does a literal JSON value fit a Terraform type? Mirrors Terraform's own conversions (a number
// is a fine string, "true" is a fine bool, "5" a fine number), so it only flags values that
// terraform would reject. Expressions are checked by terraform itself, not here.
import type { SchemaType } from "./provider-schema-file.js";

export function isExpression(value: unknown): boolean {
  return typeof value === "string" && (value.includes("${") || value.includes("%{"));
}

/** Why `value` cannot be converted to `type`, or undefined when it can (or cannot be known). */
export function typeMismatch(value: unknown, type: SchemaType | undefined): string | undefined {
  if (value === null || type === undefined || type === "dynamic" || isExpression(value)) return undefined;
  if (typeof type === "string") return primitiveMismatch(value, type);
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) return `expected a ${kind}, got ${show(value)}`;
    return firstMismatch(value.map((v, i) => [`[${i}]`, v, inner as SchemaType]));
  }
  if (kind === "map") {
    if (!isPlainObject(value)) return `expected a map, got ${show(value)}`;
    return firstMismatch(Object.entries(value).map(([k, v]) => [`.${k}`, v, inner as SchemaType]));
  }
  if (kind === "object") {
    if (!isPlainObject(value)) return `expected an object, got ${show(value)}`;
    const fields = inner as Record<string, SchemaType>;
    const unknown = Object.keys(value).find((k) => !(k in fields));
    if (unknown) return `unknown field "${unknown}" (expected one of ${Object.keys(fields).join(", ")})`;
    return firstMismatch(Object.entries(value).map(([k, v]) => [`.${k}`, v, fields[k]!]));
  }
  return undefined; // tuple and anything newer: leave it to terraform
}

function primitiveMismatch(value: unknown, type: string): string | undefined {
  const fits =
    type === "string"
      ? ["string", "number", "boolean"].includes(typeof value)
      : type === "number"
        ? typeof value === "number" || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
        : type === "bool"
          ? typeof value === "boolean" || value === "true" || value === "false"
          : true;
  return fits ? undefined : `expected ${type}, got ${show(value)}`;
}

function firstMismatch(entries: [string, unknown, SchemaType][]): string | undefined {
  for (const [where, value, type] of entries) {
    const problem = typeMismatch(value, type);
    if (problem) return `${where}: ${problem}`;
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
