import type { z } from "zod";
import { describeValue } from "./errors.js";
import { alternatives, nounFor, nounForExpected, type SchemaAt } from "./schema-walk.js";
import { closest } from "./suggest.js";

type Issue = z.core.$ZodIssue;

/**
 * Turns a zod issue into wording for the person who wrote the spec: "missing (a string): handler
 * file, relative to the spec", "expected a whole number, got "ten"". `at` is what the schema
 * expects at the issue's path, when known; it names the value better than zod's "expected record".
 */
export function issueMessage(issue: Issue, at?: SchemaAt): string {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case "invalid_type": {
      const noun = (at && nounFor(at.schema)) ?? nounForExpected(issue.expected);
      return issue.input === undefined ? missing(noun, at) : `expected ${noun}, got ${got}`;
    }
    case "too_big":
      return `must ${bound(issue.origin, issue.inclusive === false ? "less than" : "at most", issue.maximum)}, got ${sizeOf(issue.input, issue.origin)}${reason(issue)}`;
    case "too_small":
      return `must ${bound(issue.origin, issue.inclusive === false ? "greater than" : "at least", issue.minimum)}, got ${sizeOf(issue.input, issue.origin)}${reason(issue)}`;
    case "invalid_value": {
      const values = alternatives(issue.values.map((v) => JSON.stringify(v)));
      if (issue.input === undefined) return missing(`expected ${values}`, at);
      return `expected ${values}, got ${got}${didYouMean(issue.input, issue.values)}`;
    }
    case "invalid_union":
      if ("discriminator" in issue && issue.discriminator) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const input = issue.input as Record<string, unknown> | undefined;
        const found = typeof input === "object" && input !== null ? input[issue.discriminator] : undefined;
        if (found === undefined) return missing(`expected ${alternatives(options.map((o) => JSON.stringify(o)))}`);
        return `expected one of ${options.map((o) => JSON.stringify(o)).join(", ")}, got ${describeValue(found)}${didYouMean(found, options)}`;
      }
      return `expected ${(at && nounFor(at.schema)) ?? "a value of one of the allowed forms"}, got ${got}`;
    case "invalid_format":
      return `${issue.message}, got ${got}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}, got ${got}`;
    case "invalid_key":
      return `invalid name ${got}: ${issue.issues.map((i) => issueMessage({ ...i, input: undefined } as Issue).replace(/, got nothing$/, "")).join("; ")}`;
    default:
      return issue.message;
  }
}

/** "missing (a string): handler file, relative to the spec" — what to write, and what it is for. */
function missing(noun: string, at?: SchemaAt): string {
  return `missing (${noun})${at?.description ? `: ${at.description}` : ""}`;
}

function didYouMean(found: unknown, allowed: readonly unknown[]): string {
  if (typeof found !== "string") return "";
  const suggestion = closest(found, allowed.filter((v): v is string => typeof v === "string"));
  return suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : "";
}

function bound(origin: string, relation: string, limit: number | bigint): string {
  if (origin === "array" || origin === "set") return `have ${relation} ${limit} ${Number(limit) === 1 ? "item" : "items"}`;
  return `be ${relation} ${limit}${origin === "string" ? " characters long" : ""}`;
}

/** A bound's own explanation (`.min(2, "why")`), after zod's default wording is replaced by ours. */
function reason(issue: Issue): string {
  return /^Too (small|big)\b/.test(issue.message) ? "" : `: ${issue.message}`;
}

function sizeOf(input: unknown, origin: string): string {
  if (origin === "string" && typeof input === "string") return `${input.length}`;
  if (Array.isArray(input)) return input.length === 0 ? "none" : `${input.length}`;
  return describeValue(input);
}
