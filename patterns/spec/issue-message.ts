import type { z } from "zod";
import { describeValue } from "./errors.js";

type Issue = z.core.$ZodIssue;

/** Turns a zod issue into "expected …, got …" wording that names what the user wrote. */
export function issueMessage(issue: Issue): string {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}, got ${got}`;
    case "too_big":
      return `must be ${issue.inclusive === false ? "less than" : "at most"} ${issue.maximum}${issue.origin === "string" ? " characters long" : ""}, got ${sizeOf(issue.input, issue.origin)}${reason(issue)}`;
    case "too_small":
      return `must be ${issue.inclusive === false ? "greater than" : "at least"} ${issue.minimum}${issue.origin === "string" ? " characters long" : ""}, got ${sizeOf(issue.input, issue.origin)}${reason(issue)}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}, got ${got}`;
    case "invalid_union":
      if ("discriminator" in issue && issue.discriminator) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const found = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator as string];
        return `expected one of ${options.map((o) => JSON.stringify(o)).join(", ")}, got ${describeValue(found)}`;
      }
      return `expected ${issue.errors.length > 0 ? "a value of one of the allowed forms" : "a valid value"}, got ${got}`;
    case "invalid_format":
      return `${issue.message}, got ${got}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}, got ${got}`;
    case "invalid_key":
      return `invalid key: ${issue.issues.map((i) => issueMessage(i as Issue)).join("; ")}`;
    default:
      return issue.message;
  }
}

/** A bound's own explanation (`.min(2, "why")`), after zod's default wording is replaced by ours. */
function reason(issue: Issue): string {
  return /^Too (small|big)\b/.test(issue.message) ? "" : `: ${issue.message}`;
}

function sizeOf(input: unknown, origin: string): string {
  if (origin === "string" && typeof input === "string") return `${input.length}`;
  if (origin === "array" && Array.isArray(input)) return `${input.length} items`;
  if (Array.isArray(input)) return `${input.length}`;
  return describeValue(input);
}
