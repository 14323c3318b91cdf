import { createHash } from "node:crypto";

/**
 * The shard of `shards` that `key` goes to. A hash of the key alone, so a retried publish lands
 * on the shard the first attempt used, and distinct keys spread evenly over the tenant's shards.
 * sha256: built into Node, specified everywhere (a producer in another language can route the same
 * way), and its cost is nothing next to the SendMessage that follows.
 */
export function pickShard(shards: readonly number[], key: string): number {
  const digest = createHash("sha256").update(key, "utf8").digest();
  return shards[digest.readUInt32BE(0) % shards.length]!;
}

/**
 * An id that is the same for every publish of the same business key, so consumers can recognise a
 * retried publish even though SQS and SNS give it a new message id. The shard router passes
 * `(pattern, tenant, key)`, the topic publisher `(pattern, key)`. The JSON array keeps the parts
 * apart whatever characters they contain; 128 bits make collisions a non-issue.
 */
export function bulkheadMessageId(...parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts), "utf8").digest("hex").slice(0, 32);
}
