import { IdempotencyConfig, IdempotencyKeyError, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { search } from "@aws-lambda-powertools/jmespath";
import { PowertoolsFunctions } from "@aws-lambda-powertools/jmespath/functions";
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
  /** On a tenant-aware consumer, the record's tenant as the tenant check accepted it: hashed with the key. */
  tenant?: string;
}

/** `processed`: the work ran now. `duplicate`: it had already completed, so it did not run again. */
export type IdempotentOutcome = "processed" | "duplicate";

export type RunOnce = (input: IdempotencyInput, work: () => Promise<unknown>) => Promise<IdempotentOutcome>;

/** Per-message idempotency on the synthesized DynamoDB table, through Powertools' DynamoDBPersistenceLayer. */
export class MessageIdempotency {
  readonly #config: ConsumerConfig;
  readonly #persistence: DynamoDBPersistenceLayer;
  /** The functions Powertools evaluates key expressions with, so that a tenant-aware consumer's key is found the same way. */
  readonly #jmesPath = { customFunctions: new PowertoolsFunctions() };

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
    const { keyExpression, ttlSeconds, idempotencyScope, tenancy } = this.#config;
    const idempotencyConfig = new IdempotencyConfig({
      // A pipe evaluates the whole user expression against the payload, whatever its precedence.
      // A tenant-aware consumer hashes the tenant with the key (see tenantKeyed below).
      eventKeyJmesPath: tenancy !== undefined ? "[tenant, key]" : keyExpression === undefined ? "defaultKey" : `payload | ${keyExpression}`,
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
      await once(tenancy !== undefined ? this.#tenantKeyed(input) : input);
      return ran ? "processed" : "duplicate";
    };
  }

  /**
   * On a tenant-aware queue, tenants share a key space they choose: the default key is the
   * `bulkhead-message-id` attribute, derived by a public algorithm (and settable by any sender
   * tagged with a tenant), and a key expression such as `orderId` finds what the payload says. Keyed
   * on that alone, one tenant's message could take another's key first, and the other's would be
   * skipped as a duplicate, unrun. So the tenant the check accepted is hashed with the key: the item
   * id stays `<scope>#<hash>`, within the role's `<scope>#*`.
   *
   * The key is found here, the way Powertools finds it, because Powertools' missing-key check would
   * see a tenant in `[tenant, key]` and let a key expression that found nothing through.
   */
  #tenantKeyed(input: IdempotencyInput): IdempotencyInput & { key: unknown } {
    const { keyExpression } = this.#config;
    if (typeof input.tenant !== "string" || input.tenant === "") {
      // The tenant check lets no such record through; refusing here keeps a tenantless key from ever being stored.
      throw new IdempotencyKeyError("a tenant-aware consumer's record has no checked tenant to qualify its idempotency key");
    }
    const key = keyExpression === undefined ? input.defaultKey : search(`payload | ${keyExpression}`, input, this.#jmesPath);
    if (isMissingKey(key)) throw new IdempotencyKeyError("No data found to create a hashed idempotency_key");
    return { ...input, key };
  }
}

/**
 * Powertools' rule for a key that is not there (BasePersistenceLayer.isMissingIdempotencyKey, which
 * is private): a falsy value, null, or a list or object without one truthy value.
 */
function isMissingKey(key: unknown): boolean {
  if (typeof key === "object") return key === null || !Object.values(key).some(Boolean);
  return !key;
}

/**
 * Powertools marshalls the result into DynamoDB after the side effect has happened, and marshalling
 * rejects undefined fields and class instances; storing the JSON form cannot fail that way.
 */
function toStoredResult(result: unknown): unknown {
  return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}
