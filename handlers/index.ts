// The runtime that Lambda handlers import, in one place; see README.md. Producers load their AWS
// SDK clients on first use, so a consumer that imports from here and never sends does not load
// the SNS or SQS client at cold start (nor the S3 client, until a message comes by reference, nor
// the Secrets Manager or SSM client, until the handler reads a secret or parameter); Powertools'
// Tracer and the X-Ray SDK load on the first invocation, and only where tracing is on.
// Not here: `producing/bundled-routing-tables.js`, whose virtual module exists only inside a bundle.

// Consuming
export { sqsConsumer } from "./consuming/sqs-consumer.js";
export type { RecordHandler, RecordScope, SqsConsumerHandler, SqsConsumerOptions } from "./consuming/sqs-consumer.js";
export { CONSUMER_ENV, loadConsumerConfig } from "./consuming/config.js";
export type { ConsumerConfig, Lane, LaneConfig, MessageFormat, QueueKind, TenancyConfig, TenantDataConfig } from "./consuming/config.js";
export { ConsumerConfigError, DeferredForTimeError, MalformedMessageError } from "./consuming/errors.js";
export { CONSUMER_METRICS } from "./consuming/batch-metrics.js";
export { IDEMPOTENCY_TABLE_ATTRIBUTES } from "./consuming/idempotency.js";
export { RECORD_SUBSEGMENT, TRACE_ANNOTATIONS, type TracedOutcome } from "./consuming/record-tracing.js";

// Secrets and parameters: what a consumer's spec names, on its scope by those names
export type { NamedValues, ValueKind } from "./secrets/named-values.js";
export { UnknownValueNameError, ValueReadError } from "./secrets/errors.js";

// Tenancy: what a tenant-isolated function's handler gets on its scope
export type { TenantData } from "./tenancy/tenant-data.js";
export type { TenantItem, TenantItemKey, TenantQueryOptions, TenantTable } from "./tenancy/tenant-table.js";
export type { TenantBucket } from "./tenancy/tenant-bucket.js";

// Producing
export { createTopicPublisher, topicArnVariable } from "./producing/topic-publisher.js";
export type { PublishOptions, PublishResult, TopicPublisher, TopicPublisherOptions } from "./producing/topic-publisher.js";
export { createShardRouter } from "./producing/shard-router.js";
export type { ShardBatchEntry, ShardRouter, ShardRouterOptions, ShardSendOptions, ShardSendResult } from "./producing/shard-router.js";
export { ShardBatchSendError, UnknownTenantError, type FailedSend } from "./producing/shard-router-errors.js";
export { createTenantRouter, type TenantRouter, type TenantRouterOptions } from "./producing/tenant-router.js";
export { checkRoutingTable, parseRoutingTable, RoutingTableError, type RoutingTable } from "./producing/routing-table.js";
export { loadPublishedRoutingTable, type PublishedRoutingTableClients } from "./producing/routing-table-published.js";
export { createPriorityPublisher, DEFAULT_BACKLOG_CACHE_MS, MAX_KEY_BYTES, priorityQueueVariable } from "./producing/priority-publisher.js";
export type { Priority, PriorityPublisher, PriorityPublisherOptions, PrioritySendOptions, PrioritySendResult } from "./producing/priority-publisher.js";

// Claim check: payloads over a hop's limit go by reference, in AWS's extended-client format
export { CLAIM_CHECK_BUCKET_VARIABLE, claimCheckThresholdVariable, readClaimCheckSettings, type ClaimCheckSettings } from "./claim-check/settings.js";
export {
  claimCheckKey,
  encodePointer,
  EXTENDED_PAYLOAD_SIZE_ATTRIBUTE,
  LEGACY_PAYLOAD_SIZE_ATTRIBUTE,
  LEGACY_POINTER_CLASS,
  parsePointer,
  POINTER_CLASS,
  type PayloadPointer,
} from "./claim-check/pointer.js";
export { createClaimCheck, type ClaimCheck, type ClaimCheckOptions, type Offload, type OutgoingBody, type PayloadSizeAttribute } from "./claim-check/store.js";
export { createClaimCheckReader, type ClaimCheckReader } from "./claim-check/fetch.js";
export { ClaimCheckConfigError, ClaimCheckError, type PointerDescription } from "./claim-check/errors.js";

// Shared
export { runtimeTracing, type RuntimeTracing } from "./shared/tracing.js";
export { BULKHEAD_MESSAGE_ID_ATTRIBUTE, ENQUEUED_AT_ATTRIBUTE, KEY_ATTRIBUTE, REJECTED_ATTRIBUTE, TENANT_ATTRIBUTE } from "./shared/attributes.js";
