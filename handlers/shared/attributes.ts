/**
 * The message attributes producers stamp and consumers read. Names only: both sides import
 * them, so they live apart from either.
 */

/** The tenant the message belongs to (an SNS attribute when enveloped, else an SQS one). */
export const TENANT_ATTRIBUTE = "tenant";

/**
 * An id derived from the business key, the same for every publish of it; without a key
 * expression, consumers deduplicate on it.
 */
export const BULKHEAD_MESSAGE_ID_ATTRIBUTE = "bulkhead-message-id";

/**
 * When work was first enqueued (milliseconds since the epoch), stamped by the priority publisher
 * and carried by every move between lanes: SQS's own SentTimestamp restarts at each send.
 */
export const ENQUEUED_AT_ATTRIBUTE = "bulkhead-enqueued-at";

/** The business key priority work was sent with, so a dropped message can be named in the log. */
export const KEY_ATTRIBUTE = "bulkhead-key";

/**
 * Why a tenant-aware consumer sent a message to its dead-letter queue unrun (`tenant-missing`,
 * `tenant-mismatch: …`), added to the copy there so whoever inspects the DLQ sees it.
 */
export const REJECTED_ATTRIBUTE = "bulkhead-rejected";
