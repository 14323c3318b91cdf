import { resourceKey } from "../patterns/spec/common.js";
import { serviceSpec } from "../patterns/spec/schema.js";
import { closest } from "../patterns/spec/suggest.js";
import { PATTERN_TYPES, type PatternType } from "./catalog.js";
import { ScaffoldError } from "./errors.js";

const NAME_RULE = "lowercase letters, digits and dashes, starting with a letter and not ending with a dash";

/** A service name the spec accepts (the schema's own `service` rule), else a ScaffoldError saying why. */
export function checkServiceName(name: string): string {
  if (serviceSpec.shape.service.safeParse(name).success) return name;
  throw new ScaffoldError(`${JSON.stringify(name)} is not a valid service name: expected ${NAME_RULE}, at most 24 characters (it prefixes every resource name)`);
}

/** A pattern name the spec accepts as a key of `patterns`. */
export function checkPatternName(name: string): string {
  if (resourceKey.safeParse(name).success) return name;
  throw new ScaffoldError(`${JSON.stringify(name)} is not a valid pattern name: expected ${NAME_RULE}, at most 40 characters`);
}

export function isPatternType(word: string): word is PatternType {
  return (PATTERN_TYPES as readonly string[]).includes(word);
}

/** One pattern type, or an error naming the closest known one. */
export function patternType(word: string): PatternType {
  if (isPatternType(word)) return word;
  const near = closest(word, PATTERN_TYPES) ?? onlyOneStartingWith(word);
  const hint = near ? `; did you mean ${near}?` : "";
  throw new ScaffoldError(`unknown pattern ${JSON.stringify(word)}${hint} (known: ${PATTERN_TYPES.join(", ")})`);
}

/** `--with a,b`: the pattern types, each once, in the order given. */
export function patternTypes(list: string): PatternType[] {
  const words = list.split(",").map((w) => w.trim());
  if (words.some((w) => w === "")) throw new ScaffoldError(`--with takes pattern types separated by commas (known: ${PATTERN_TYPES.join(", ")}), got ${JSON.stringify(list)}`);
  const types = words.map(patternType);
  return types.filter((t, i) => types.indexOf(t) === i);
}

/** `priority` for priority-queue: a word that begins exactly one type. */
function onlyOneStartingWith(word: string): string | undefined {
  const lower = word.toLowerCase();
  const found = lower.length >= 3 ? PATTERN_TYPES.filter((t) => t.startsWith(lower)) : [];
  return found.length === 1 ? found[0] : undefined;
}
