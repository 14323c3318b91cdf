import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { createClaimCheckReader, type ClaimCheckReader } from "../claim-check/fetch.js";
import type { RoutingTable } from "../producing/routing-table.js";
import { createNamedValues, type NamedValues } from "../secrets/named-values.js";
import { parametersFetcher, secretsFetcher } from "../secrets/providers.js";
import { defaultS3Client } from "../shared/aws-sdk.js";
import type { RuntimeTracing } from "../shared/tracing.js";
import { createTenantData, type TenantData } from "../tenancy/tenant-data.js";
import { loadTenantRule, type TenantRule } from "../tenancy/tenant-rule.js";
import { createBatchRunner, type BatchRunner } from "./batch.js";
import { loadConsumerConfig, type ConsumerConfig } from "./config.js";
import { MessageIdempotency } from "./idempotency.js";

/** Everything a consumer builds once per execution environment and reuses across invocations. */
export interface ConsumerRuntime {
  config: ConsumerConfig;
  /** The execution environment's Tracer (tracer undefined when tracing is off); the clients below that the runtime created are captured with it. */
  tracing: RuntimeTracing;
  idempotency: MessageIdempotency;
  runBatch: BatchRunner;
  logger: Logger;
  metrics: Metrics;
  /** Tenant-aware consumers: the check, built on the first batch (a sharded one imports its routing table then). */
  tenantRule?: () => Promise<TenantRule>;
  /** Tenant-isolated functions whose spec declares `data`. */
  tenantData?: TenantData;
  /** Reads the payload of a message sent by reference from BULKHEAD_CLAIM_CHECK_BUCKET (failing when there is none). */
  readClaimCheck: ClaimCheckReader;
  /** BULKHEAD_SECRETS by name; Powertools' SecretsProvider (and the SDK client) load on the first read. */
  secrets: NamedValues;
  /** BULKHEAD_PARAMETERS by name; Powertools' SSMProvider (and the SDK client) load on the first read. */
  parameters: NamedValues;
}

/** Replacements for what is otherwise built from the environment; tests point the clients at local emulators. */
export interface RuntimeOverrides {
  config?: ConsumerConfig;
  /** The client of the idempotency table, and of the tenant table; used as given (not captured for tracing). */
  dynamoDBClient?: DynamoDBClient;
  logger?: Logger;
  metrics?: Metrics;
  /** The client a priority lane defers with, and a tenant-aware consumer dead-letters with; the default one is created on first use. */
  sqs?: SQSClient;
  /** The client of the tenant bucket and of the claim-check bucket; the default one is created on first use. */
  s3?: S3Client;
  /** A shuffle-sharded consumer's routing table instead of the one bundled for BULKHEAD_TENANCY_PATTERN (which only a bundle has). */
  tenancyTable?: RoutingTable;
  /** The client `scope.secrets` reads with; by default the SecretsProvider creates one on the first read. */
  secretsManager?: SecretsManagerClient;
  /** The client `scope.parameters` reads with; by default the SSMProvider creates one on the first read. */
  ssm?: SSMClient;
}

export function createConsumerRuntime(tracing: RuntimeTracing, overrides: RuntimeOverrides = {}): ConsumerRuntime {
  const config = overrides.config ?? loadConsumerConfig();
  const dynamoDB = overrides.dynamoDBClient ?? tracing.capture(new DynamoDBClient({}));
  const { tenancy } = config;
  let tenantRule: Promise<TenantRule> | undefined;
  const s3 = () => (overrides.s3 ? Promise.resolve(overrides.s3) : defaultS3Client());
  return {
    config,
    tracing,
    idempotency: new MessageIdempotency(config, dynamoDB),
    runBatch: createBatchRunner(config.queueKind),
    // Service name and metrics namespace come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE.
    logger: overrides.logger ?? new Logger(),
    // Every metric also carries the function, so one lane's (or subscriber's) counts can be alarmed on alone.
    metrics: overrides.metrics ?? new Metrics({ defaultDimensions: { function: config.functionName } }),
    ...(tenancy ? { tenantRule: () => (tenantRule ??= loadTenantRule(tenancy, overrides.tenancyTable)) } : {}),
    ...(tenancy?.kind === "isolated" && tenancy.data ? { tenantData: createTenantData(tenancy.tenant, tenancy.data, { dynamoDB, s3: overrides.s3 }) } : {}),
    readClaimCheck: createClaimCheckReader(config.claimCheckBucketName, s3),
    // One provider each per execution environment, so one cache: a value is fetched once per cache time, not per record.
    secrets: createNamedValues("secret", config.secrets, secretsFetcher(config.parametersCacheSeconds, overrides.secretsManager)),
    parameters: createNamedValues("parameter", config.parameters, parametersFetcher(config.parametersCacheSeconds, overrides.ssm)),
  };
}
