// The consumer runtime that generated Lambda handlers import; see README.md for the environment contract.
// Producers import handlers/shard-router.js or handlers/topic-publisher.js directly: esbuild keeps
// imports of external packages, so exporting them here would load the SQS and SNS clients into
// every consumer at cold start.
export { sqsConsumer } from "./sqs-consumer.js";
export type { RecordHandler, RecordScope, SqsConsumerHandler, SqsConsumerOptions } from "./sqs-consumer.js";
export { CONSUMER_ENV, loadConsumerConfig } from "./config.js";
export type { ConsumerConfig, MessageFormat, QueueKind } from "./config.js";
export { ConsumerConfigError, DeferredForTimeError, MalformedMessageError } from "./errors.js";
export { CONSUMER_METRICS } from "./batch-metrics.js";
export { IDEMPOTENCY_TABLE_ATTRIBUTES } from "./idempotency.js";
export { BULKHEAD_MESSAGE_ID_ATTRIBUTE, TENANT_ATTRIBUTE } from "./message.js";
