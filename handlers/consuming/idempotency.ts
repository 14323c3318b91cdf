import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";
import type { ConsumerConfig } from "./config.js";

/** Attribute names of the synthesized idempotency table; the table construct uses the same ones. */
export const IDEMPOTENCY_TABLE_ATTRIBUTES = { key: "id", ttl: "expiration" } as const;

/** What Powertools hashes for one message: the key from one of the fields, the payload check from the other. */
export interface IdempotencyInput {
  /** The key when no key expression is configured. */
  defaultKey: string;
  payload: unknown;
}

/** `processed`: the work ran now. `duplicate`: it had already completed, so it did not run again. */
export type IdempotentOutcome = "processed" | "duplicate";

export type RunOnce = (input: IdempotencyInput, work: () => Promise<unknown>) => Promise<IdempotentOutcome>;

/** Per-message idempotency on the synthesized DynamoDB table, through Powertools' DynamoDBPersistenceLayer. */
export class MessageIdempotency {
  readonly #config: ConsumerConfig;
  readonly #persistence: DynamoDBPersistenceLayer;

  constructor(config: ConsumerConfig, client: DynamoDBClient) {
    this.#config = config;
    this.#persistence = new DynamoDBPersistenceLayer({
      tableName: config.tableName,
      keyAttr: IDEMPOTENCY_TABLE_ATTRIBUTES.key,
      expiryAttr: IDEMPOTENCY_TABLE_ATTRIBUTES.ttl,
      awsSdkV3Client: client,
    });
  }

  /**
   * Binds one invocation's Lambda context: an in-progress record then expires when this invocation
   * would time out, so a crash mid-record blocks its retry only until then, not for the whole TTL.
   * A fresh IdempotencyConfig per invocation (instead of registerLambdaContext on a shared one)
   * keeps concurrent invocations in one environment from seeing each other's context.
   */
  forInvocation(context: Context): RunOnce {
    const { keyExpression, ttlSeconds, idempotencyScope } = this.#config;
    const idempotencyConfig = new IdempotencyConfig({
      // A pipe evaluates the whole user expression against the payload, whatever its precedence.
      eventKeyJmesPath: keyExpression === undefined ? "defaultKey" : `payload | ${keyExpression}`,
      // Same key, different payload: IdempotencyValidationError instead of a silent stale result.
      payloadValidationJmesPath: "payload",
      // Powertools' default runs the work without idempotency when the key is missing.
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: ttlSeconds,
      lambdaContext: context,
    });

    return async (input, work) => {
      let ran = false;
      const once = makeIdempotent(
        async (_input: IdempotencyInput) => {
          ran = true;
          return toStoredResult(await work());
        },
        {
          persistenceStore: this.#persistence,
          config: idempotencyConfig,
          // Explicit, because Powertools' default is AWS_LAMBDA_FUNCTION_NAME as read when the
          // persistence layer was built (empty outside Lambda, giving keys that start with "#").
          // The IAM policy allows only keys that start with `<scope>#`.
          keyPrefix: idempotencyScope,
        },
      );
      await once(input);
      return ran ? "processed" : "duplicate";
    };
  }
}

/**
 * Powertools marshalls the result into DynamoDB after the side effect has happened, and marshalling
 * rejects undefined fields and class instances; storing the JSON form cannot fail that way.
 */
function toStoredResult(result: unknown): unknown {
  return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}
