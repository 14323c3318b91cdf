/**
 * What the estimate assumes, in one place: the report prints each of these beside the figures,
 * so a reader can see what to change. The flags override the first group.
 */
export interface Assumptions {
  /** How long one record takes; the runtime runs a batch's records one at a time (`--duration-ms`). */
  readonly durationMs: number;
  /** A message's size, body and attributes (`--message-bytes`). */
  readonly messageBytes: number;
  /** Log bytes one invocation writes (`--log-bytes`). */
  readonly logBytesPerInvocation: number;
  /** Share of traced invocations X-Ray records (`--trace-sampling`). */
  readonly traceSampling: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  durationMs: 100,
  messageBytes: 1024,
  // Lambda's START, END and REPORT lines (about 400 bytes) and the runtime's EMF line with its 7
  // metrics (about 600), rounded up; a handler's own log lines come on top.
  logBytesPerInvocation: 1200,
  // Lambda's default sampling rule records the first request each second and 5% of the rest.
  traceSampling: 0.05,
};

/** AWS's pricing convention: a month of 730 hours. */
export const SECONDS_PER_MONTH = 730 * 3600;

/** Each 64 KiB of a request's payload is billed as one request (SQS and SNS). */
export const REQUEST_CHUNK_BYTES = 64 * 1024;

/** A ReceiveMessage returns at most 10 messages; Lambda fills a larger batch with several. */
export const MESSAGES_PER_RECEIVE = 10;

/** A DeleteMessageBatch deletes at most 10; it carries receipt handles, no payload. */
export const MESSAGES_PER_DELETE = 10;

/**
 * Lambda's pollers per SQS event source mapping when traffic is low: "Lambda scales back the
 * processing to five concurrent batches" (Lambda developer guide, SQS scaling); the further
 * optimisation to 2 "is not available when you enable the maximum concurrency setting", which
 * bulkhead sets on its mappings.
 */
export const IDLE_POLLERS_PER_MAPPING = 5;

/** Lambda long-polls for 20 s, so an idle poller makes at most 3 empty receives a minute. */
export const LONG_POLL_SECONDS = 20;

/**
 * Powertools' DynamoDB persistence layer writes twice per new record: a conditional PutItem
 * (INPROGRESS) before the handler and an UpdateItem (COMPLETED) after; no read when the put
 * succeeds. Each is one write unit while the item is under 1 KB.
 */
export const IDEMPOTENCY_WRITES_PER_RECORD = 2;

/**
 * An idempotency item: key (`<function>#<md5>`), status, expiry, in-progress expiry and payload
 * hash, about 200 bytes, plus the 100 bytes DynamoDB counts per item. A handler's stored result adds to it.
 */
export const IDEMPOTENCY_ITEM_BYTES = 300;

/** The EMF metrics every consumer emits per invocation (processed, duplicate, failed, deferredForTime, deferred, expired, tenantRejected), each with one dimension set. */
export const RUNTIME_METRICS_PER_FUNCTION = 7;

/** A claim-check pointer: the extended clients' PayloadS3Pointer JSON and its size attribute. */
export const CLAIM_CHECK_POINTER_BYTES = 256;

/** A priority publisher reads the high lane's backlog once per 10 s per warm execution environment. */
export const BACKLOG_READ_INTERVAL_SECONDS = 10;

export const GIB = 1024 ** 3;
