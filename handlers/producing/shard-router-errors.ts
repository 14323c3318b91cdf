import type { ShardSendResult } from "./shard-router.js";

/**
 * The tenant has no queues in this pattern's routing table (shards, or a tenant-isolated silo).
 * Nothing was sent: a guessed queue would put the tenant's load on queues it does not own, which
 * is what shuffle sharding and silos exist to prevent.
 */
export class UnknownTenantError extends Error {
  override name = "UnknownTenantError";
  readonly tenant: string;
  readonly pattern: string;

  constructor(tenant: string, pattern: string) {
    super(
      `tenant "${tenant}" is not in the routing table of pattern "${pattern}", so it has no queue there and nothing was sent; ` +
        "add the tenant to the spec and deploy (producers reading the published table must then reload it)",
    );
    this.tenant = tenant;
    this.pattern = pattern;
  }
}

/** One message of a batch that SQS did not accept. */
export interface FailedSend {
  /** Position in the entries given to sendBatch, so the caller can retry exactly these. */
  index: number;
  shard: number;
  queueName: string;
  bulkheadMessageId: string;
  /** SQS's error code, or the error's name when the whole request failed. */
  code: string;
  message: string;
  /** False when retrying the same message may succeed (throttling, a service error, a failed request). */
  senderFault: boolean;
}

/**
 * Some messages of a batch were not sent. The others were; resending all of them is safe only
 * where consumers deduplicate, so the error lists both.
 */
export class ShardBatchSendError extends Error {
  override name = "ShardBatchSendError";
  readonly sent: ShardSendResult[];
  readonly failed: FailedSend[];

  constructor(sent: ShardSendResult[], failed: FailedSend[]) {
    const first = failed[0]!;
    super(
      `${failed.length} of ${sent.length + failed.length} messages not sent; ` +
        `first: entry ${first.index} to ${first.queueName}: ${first.code}: ${first.message}`,
    );
    this.sent = sent;
    this.failed = failed;
  }
}
