// The runtime that generated Lambda handlers import; see README.md for the environment contract.
export { sqsConsumer } from "./sqs-consumer.js";
export type { RecordHandler, RecordScope, SqsConsumerHandler, SqsConsumerOptions } from "./sqs-consumer.js";
export { CONSUMER_ENV, loadConsumerConfig } from "./config.js";
export type { ConsumerConfig, MessageFormat, QueueKind } from "./config.js";
export { ConsumerConfigError, DeferredForTimeError, MalformedMessageError } from "./errors.js";
export { CONSUMER_METRICS } from "./batch-metrics.js";
export { IDEMPOTENCY_TABLE_ATTRIBUTES } from "./idempotency.js";
export { TENANT_ATTRIBUTE } from "./message.js";
export { createShardRouter, BULKHEAD_MESSAGE_ID_ATTRIBUTE } from "./shard-router.js";
export type { BatchEntry, SendOptions, SendResult, ShardRouter, ShardRouterOptions } from "./shard-router.js";
export { ShardBatchSendError, UnknownTenantError } from "./shard-router-errors.js";
export type { FailedSend } from "./shard-router-errors.js";
export { parseRoutingTable, RoutingTableError } from "./routing-table.js";
export type { RoutingTable } from "./routing-table.js";
