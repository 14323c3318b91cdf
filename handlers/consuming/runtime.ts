import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createBatchRunner, type BatchRunner } from "./batch.js";
import { loadConsumerConfig, type ConsumerConfig } from "./config.js";
import { MessageIdempotency } from "./idempotency.js";

/** Everything a consumer builds once per execution environment and reuses across invocations. */
export interface ConsumerRuntime {
  config: ConsumerConfig;
  idempotency: MessageIdempotency;
  runBatch: BatchRunner;
  logger: Logger;
  metrics: Metrics;
}

/** Replacements for what is otherwise built from the environment; tests point the client at a local DynamoDB. */
export interface RuntimeOverrides {
  config?: ConsumerConfig;
  dynamoDBClient?: DynamoDBClient;
  logger?: Logger;
  metrics?: Metrics;
  /** The client a priority lane defers with; default one is created on the first deferral. */
  sqs?: SQSClient;
}

export function createConsumerRuntime(overrides: RuntimeOverrides = {}): ConsumerRuntime {
  const config = overrides.config ?? loadConsumerConfig();
  return {
    config,
    idempotency: new MessageIdempotency(config, overrides.dynamoDBClient ?? new DynamoDBClient({})),
    runBatch: createBatchRunner(config.queueKind),
    // Service name and metrics namespace come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE.
    logger: overrides.logger ?? new Logger(),
    // Every metric also carries the function, so one lane's (or subscriber's) counts can be alarmed on alone.
    metrics: overrides.metrics ?? new Metrics({ defaultDimensions: { function: config.functionName } }),
  };
}
