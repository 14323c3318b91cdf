import { createHash } from "node:crypto";

const HASH_LENGTH = 8;

/** A stable short hash, so shortened names stay the same on every machine. */
export function stableHash(text: string, length = HASH_LENGTH): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/**
 * Joins name parts into an AWS resource name of at most `maxLength` characters
 * (the suffix included). A name that does not fit keeps its readable start and
 * ends with a hash of the full name, so two long names never shorten to the same one.
 */
/** S3 bucket_prefix limit: AWS appends a 26-character unique suffix. */
const BUCKET_PREFIX_LENGTH = 37;

/** A bucket_prefix from name parts, shortened like every name, ending in `-` before AWS's suffix. */
export function bucketNamePrefix(parts: readonly string[]): string {
  return `${resourceName(parts, BUCKET_PREFIX_LENGTH - 1)}-`;
}

export function resourceName(parts: readonly string[], maxLength: number, suffix = ""): string {
  const full = parts.filter((p) => p.length > 0).join("-");
  const budget = maxLength - suffix.length;
  if (full.length <= budget) return full + suffix;
  const hash = stableHash(full + suffix);
  const head = full.slice(0, budget - HASH_LENGTH - 1).replace(/-+$/, "");
  return `${head}-${hash}${suffix}`;
}
