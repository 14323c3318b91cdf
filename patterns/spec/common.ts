import { ArityError, JMESPathTypeError, LexerError, ParseError, UnknownFunctionError, VariadicArityError, search } from "@aws-lambda-powertools/jmespath";
import { PowertoolsFunctions } from "@aws-lambda-powertools/jmespath/functions";
import { z } from "zod";
import { closest } from "./suggest.js";

/**
 * Spec pieces shared by every pattern. Limits that are guardrails (timeouts,
 * concurrency budget, receive counts) are deliberately *not* enforced here: they
 * are named rules in `patterns/guardrails`, so every finding says which rule fired.
 */

export const resourceKey = z
  .string()
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, "expected lowercase letters, digits and dashes, starting with a letter")
  .max(40);

export const positiveInt = z.number().int().positive();

/** What producers send at most; bodies over a hop's limit travel by reference (claim check). */
export const maxPayloadBytes = positiveInt.describe("largest message a producer sends (default 65536); larger than a hop carries goes by reference through S3");

/**
 * A role or user ARN, as resource policies match `aws:PrincipalArn` with ArnLike: `*` and `?` are
 * allowed in the name (`role/merchant-*`), never in the account, so a pattern cannot admit every
 * account. An assumed-role session matches by its role's ARN.
 */
export const principalArn = z
  .string()
  .regex(
    /^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@\/*?-]+$/,
    "expected an IAM role or user ARN such as arn:aws:iam::123456789012:role/order-gateway (wildcards only in the name)",
  );

const principalArns = z.array(principalArn).min(1);

/**
 * Principals outside the service that send to a tenant-aware pattern. Everyone else, the
 * service's own senders and operators aside, must act as a tenant the queue serves.
 */
export const externalProducers = z
  .strictObject({
    routers: principalArns
      .optional()
      .describe("may send for any tenant, e.g. a gateway that routes with the published routing table"),
    taggedRoles: principalArns
      .optional()
      .describe("roles, from any account, whose sessions carry the principal tag tenant=<id>: each sends only as that tenant"),
  })
  .describe("producers outside the service; any principal tagged tenant=<id> may send as that tenant without being named here");

export const runtime = z.enum(["nodejs20.x", "nodejs22.x"]);
export const architecture = z.enum(["arm64", "x86_64"]);

/** CloudWatch Logs only accepts these retention periods. */
export const logRetentionDays = z.union(
  [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].map((d) =>
    z.literal(d),
  ) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>],
);

export const functionSettings = z
  .strictObject({
    runtime: runtime.optional(),
    architecture: architecture.optional(),
    memoryMb: z.number().int().min(128).max(10240).optional(),
    timeoutSeconds: positiveInt.optional().describe("Lambda timeout; the guardrail caps it at 900"),
    logRetentionDays: logRetentionDays.optional(),
  })
  .describe("Lambda settings; each pattern's consumers inherit defaults.function");

export const queueSettings = z.strictObject({
  maxReceiveCount: positiveInt.optional().describe("receives before a message moves to the DLQ (default 5)"),
  messageRetentionSeconds: z.number().int().min(60).max(1_209_600).optional(),
  oldestMessageAlarmSeconds: positiveInt.optional().describe("alarm when the oldest message is this old (default 300)"),
});

/**
 * What the runtime evaluates for a consumer's idempotency key (handlers/idempotency.ts): the
 * user's expression piped from the message body, with Powertools' functions available.
 */
export function idempotencyKeyExpression(key: string): string {
  return `payload | ${key}`;
}

/**
 * The JMESPath error Powertools would throw for every record, or undefined for a valid key. The
 * expression is evaluated against an empty body, so syntax errors, unknown functions and wrong
 * argument counts show; a type error depends on the message (e.g. `length(x)` with x missing) and is
 * left to run time.
 */
export function idempotencyKeyError(key: string): string | undefined {
  try {
    search(idempotencyKeyExpression(key), { defaultKey: "", payload: {} }, { customFunctions: new PowertoolsFunctions() });
    return undefined;
  } catch (err) {
    if (err instanceof JMESPathTypeError) return undefined;
    return err instanceof Error ? err.message : String(err);
  }
}

export interface IdempotencyKeyProblem {
  /** For the spec's reader: what is wrong, at which column of their expression. */
  readonly message: string;
  /** Where in the user's expression (0-based), when the error says. */
  readonly offset?: number;
}

/**
 * idempotencyKeyError, for a person: positions are in the expression they wrote, not in the
 * `payload | <key>` the runtime evaluates, and the function name or token is quoted from it.
 */
export function idempotencyKeyProblem(key: string): IdempotencyKeyProblem | undefined {
  const prefix = idempotencyKeyExpression("").length;
  const functions = new PowertoolsFunctions();
  try {
    search(idempotencyKeyExpression(key), { defaultKey: "", payload: {} }, { customFunctions: functions });
    return undefined;
  } catch (err) {
    if (err instanceof JMESPathTypeError) return undefined;
    const at = (offset: number) => ` at column ${offset + 1} of ${JSON.stringify(key)}`;
    const inKey = (position: number) => Math.min(Math.max(position - prefix, 0), key.length);
    if (err instanceof ParseError) {
      const offset = inKey(err.lexPosition);
      const what = err.reason ?? (err.tokenType === "eof" ? "unexpected end of expression" : `unexpected ${JSON.stringify(err.tokenValue)}`);
      return { message: `not a JMESPath expression: ${what}${at(offset)}`, offset };
    }
    if (err instanceof LexerError) {
      const offset = inKey(err.lexerPosition);
      return { message: `not a JMESPath expression: unexpected ${JSON.stringify(err.lexerValue)}${at(offset)}`, offset };
    }
    if (err instanceof UnknownFunctionError) {
      const name = /Unknown function: ([\w]+)\(\)/.exec(err.message)?.[1] ?? "";
      const offset = functionCall(key, name);
      const known = [...functions.methods].map(jmespathName);
      const suggestion = closest(name, known);
      return {
        message: `unknown JMESPath function ${name}()${offset === undefined ? "" : at(offset)}${suggestion ? `; did you mean ${suggestion}()?` : ""}`,
        ...(offset === undefined ? {} : { offset }),
      };
    }
    if (err instanceof ArityError) {
      const name = /for function ([\w]+)\(\)/.exec(err.message)?.[1] ?? "";
      const offset = functionCall(key, name);
      const bound = err instanceof VariadicArityError || err.actualArity < err.expectedArity ? "at least" : "at most";
      const argument = err.expectedArity === 1 ? "argument" : "arguments";
      return {
        message: `${name}()${offset === undefined ? "" : at(offset)} takes ${bound} ${err.expectedArity} ${argument}, got ${err.actualArity}`,
        ...(offset === undefined ? {} : { offset }),
      };
    }
    const message = err instanceof Error ? err.message.replace(/ in expression: [\s\S]*$/, "") : String(err);
    return { message: `not a JMESPath expression the runtime can use: ${message}` };
  }
}

/** Where `name(` is first called in the expression. */
function functionCall(key: string, name: string): number | undefined {
  if (!name) return undefined;
  const match = new RegExp(`(?<![\\w])${name.replace(/[^\w]/g, "")}\\s*\\(`).exec(key);
  return match?.index;
}

/** Powertools' method `funcPowertoolsBase64Gzip` is the JMESPath function `powertools_base64_gzip`. */
function jmespathName(method: string): string {
  return method.replace(/^func/, "").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

const idempotencyKey = z
  .string()
  .min(1)
  .superRefine((key, ctx) => {
    const problem = idempotencyKeyProblem(key);
    if (problem) {
      ctx.addIssue({ code: "custom", input: key, message: problem.message, ...(problem.offset === undefined ? {} : { params: { valueOffset: problem.offset } }) });
    }
  });

/**
 * How long a processed message is remembered. A message can come back for as long as its queue
 * keeps it, and after a redrive for as long as its DLQ did; the default covers both.
 */
export const idempotencyWindow = z
  .number()
  .int()
  .min(60)
  .describe("how long a processed message's key is remembered (default: the queue's retention plus its DLQ's, 18 days)");

const kmsKeyArn = z
  .string()
  .regex(/^arn:aws(-[a-z]+)*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[0-9a-f-]{36}$/, "expected a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");

/** A secret or parameter by its full ARN, or with the customer key that encrypts it (the role then gets kms:Decrypt on it). */
function readable(arn: z.ZodString) {
  return z.union([arn, z.strictObject({ arn, kmsKeyArn: kmsKeyArn.describe("the customer-managed key that encrypts it") })]);
}

const secretArn = z
  .string()
  .regex(
    /^arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d:\d{12}:secret:[\w/+=.@-]+$/,
    "expected a Secrets Manager secret ARN such as arn:aws:secretsmanager:us-east-1:123456789012:secret:payments/api-key-AbCdEf",
  );
const parameterArn = z
  .string()
  .regex(
    /^arn:aws(-[a-z]+)*:ssm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:parameter\/[\w/.-]+$/,
    "expected an SSM parameter ARN such as arn:aws:ssm:us-east-1:123456789012:parameter/orders/feature-flags",
  );
const handlerName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "expected a name like paymentApiKey (letters, digits, underscores)");

/** Patterns a function sends to, each once: a repeated target would only repeat its IAM statement. */
const sendsTo = z
  .array(resourceKey)
  .superRefine((targets, ctx) => {
    targets.forEach((target, i) => {
      const first = targets.indexOf(target);
      if (first !== i) ctx.addIssue({ code: "custom", path: [i], input: target, message: `duplicate send target "${target}" (first at index ${first})` });
    });
  })
  .meta({ uniqueItems: true });

/**
 * A consumer: one Lambda function fed by one queue. Every pattern that consumes
 * a queue uses this shape, so the settings mean the same thing everywhere.
 */
export const consumer = z.strictObject({
  handler: z.string().regex(/\.(ts|mts|js|mjs)$/, "expected a path to a .ts or .js file").describe("handler file, relative to the spec"),
  idempotencyKey: idempotencyKey
    .optional()
    .describe(
      "JMESPath into the message body that identifies a business operation (default: the producer's deterministic bulkhead-message-id, else the message id)",
    ),
  batchSize: positiveInt.optional().describe("records per invocation (default 10)"),
  batchingWindowSeconds: z.number().int().min(0).max(300).optional(),
  maxConcurrency: z.number().int().min(2).max(1000).optional().describe("event source mapping maximum concurrency (default 5)"),
  reservedConcurrency: z
    .number()
    .int()
    .min(
      2,
      "0 stops the function and 1 throttles the event source's concurrent batches, which then count as receives and go to the DLQ",
    )
    .optional()
    .describe("reserved concurrency; counts against the account budget, and caps the event source unless maxConcurrency is set"),
  visibilityTimeoutSeconds: positiveInt.optional().describe("override; derived from the timeout when absent"),
  idempotencyWindowSeconds: idempotencyWindow.optional(),
  secrets: z
    .record(handlerName, readable(secretArn))
    .optional()
    .describe("Secrets Manager secrets the handler reads by name (scope.secrets.get(name)), cached per execution environment"),
  parameters: z
    .record(handlerName, readable(parameterArn))
    .optional()
    .describe("SSM parameters the handler reads by name (scope.parameters.get(name)), cached per execution environment"),
  parametersCacheSeconds: z
    .number()
    .int()
    .min(1)
    .max(86_400)
    .optional()
    .describe("how long a fetched secret or parameter is reused before it is fetched again (default 300)"),
  sendsTo: sendsTo
    .optional()
    .describe("patterns of this service the function sends to: grants exactly the send rights and bundles routing tables"),
  consumesOwnOutput: z.boolean().optional().describe("allow this function to consume a queue it feeds"),
  function: functionSettings.optional(),
  queue: queueSettings.optional(),
});

export type ConsumerSpec = z.infer<typeof consumer>;
export type ExternalProducersSpec = z.infer<typeof externalProducers>;
export type FunctionSettingsSpec = z.infer<typeof functionSettings>;
export type QueueSettingsSpec = z.infer<typeof queueSettings>;
