import { randomUUID } from "node:crypto";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { loadConsumerConfig, sqsConsumer, type RecordHandler, type SqsConsumerOptions } from "../../../handlers/index.js";
import { lambdaContext, sqsEvent } from "./events.js";
import type { LocalServices } from "./local-services.js";

/**
 * A function name of its own: idempotency keys are scoped by function name, so consumers named this
 * way never see each other's records in the shared table.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The variables the synthesizer gives a consumer of a standard queue with raw delivery; `env` adds to them or overrides them. */
export function consumerVariables(functionName: string, idempotencyTable: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    BULKHEAD_IDEMPOTENCY_TABLE: idempotencyTable,
    BULKHEAD_MESSAGE_FORMAT: "raw",
    BULKHEAD_QUEUE_KIND: "standard",
    ...env,
  };
}

export interface ConsumerUnderTestOptions {
  /** Default: a unique `orders-dev-consumer-…`. */
  functionName?: string;
  /** More of the synthesizer's variables (see consumerVariables). */
  env?: Record<string, string>;
  /** Clients and the like, over the dynalite client that is always passed. */
  options?: SqsConsumerOptions;
}

/**
 * `handler` wrapped by sqsConsumer, configured as the synthesizer configures it and keeping its
 * idempotency records in the local dynalite.
 */
export function consumerUnderTest<T>(local: Pick<LocalServices, "db" | "idempotencyTable">, handler: RecordHandler<T>, o: ConsumerUnderTestOptions = {}) {
  const { functionName = uniqueName("orders-dev-consumer"), env, options } = o;
  const { db, idempotencyTable } = local;
  const config = loadConsumerConfig(consumerVariables(functionName, idempotencyTable, env));
  const handle = sqsConsumer(handler, { config, dynamoDBClient: db.client, ...options });
  return {
    functionName,
    /** One invocation as Lambda makes it. */
    invoke: (event: SQSEvent, context: Context = lambdaContext(functionName)) => handle(event, context),
    /** One invocation with a batch of these records. */
    invokeWith: (...records: SQSRecord[]) => handle(sqsEvent(...records), lambdaContext(functionName)),
    /** This consumer's own idempotency records: their ids start `<function name>#`. */
    storedItems: async () => (await db.items(idempotencyTable)).filter((item) => String(item.id).startsWith(`${functionName}#`)),
  };
}
