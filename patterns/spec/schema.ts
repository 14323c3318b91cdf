import { z } from "zod";
import { patternRegistry } from "../registry.js";
import { functionSettings, idempotencyWindow, positiveInt, principalArn, queueSettings, resourceKey } from "./common.js";

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as us-east-1");

const snsTopicArn = z
  .string()
  .regex(
    /^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/,
    "expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:alerts",
  );

const environment = z.strictObject({
  accountConcurrency: positiveInt
    .optional()
    .describe("the account's Lambda concurrency limit, for the reserved-concurrency budget (default 1000)"),
  region: awsRegion.optional(),
  alarmTopicArn: snsTopicArn
    .optional()
    .describe("standard SNS topic the alarms of this environment notify; absent: alarms notify nobody"),
  deletionProtection: z
    .boolean()
    .optional()
    .describe("protect the stack's DynamoDB tables from deletion (default true); false for throwaway environments"),
});

const backend = z.strictObject({
  s3: z.strictObject({
    bucket: z.string().min(3).max(63),
    region: awsRegion,
    keyPrefix: z.string().optional().describe("state key prefix (default bulkhead); the key is <prefix>/<service>/<env>.tfstate"),
  }),
});

const patternSpec = z.discriminatedUnion(
  "type",
  patternRegistry.map((p) => p.spec) as unknown as [z.ZodObject, ...z.ZodObject[]],
  // Each pattern's resolver knows its own spec type; here only the discriminator matters.
) as unknown as z.ZodType<{ type: string; [key: string]: unknown }>;

export const serviceSpec = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1),
    service: resourceKey.max(24).describe("service name; prefixes every resource name"),
    region: awsRegion,
    environments: z
      .record(resourceKey.max(12), environment)
      .refine((e) => Object.keys(e).length > 0, "expected at least one environment"),
    backend: backend.optional(),
    defaults: z
      .strictObject({
        function: functionSettings.optional(),
        queue: queueSettings.optional(),
        consumer: z.strictObject({ idempotencyWindowSeconds: idempotencyWindow.optional() }).optional(),
      })
      .optional(),
    tenants: z.array(resourceKey).optional().describe("tenant ids, for tenant-aware patterns"),
    operators: z
      .array(principalArn)
      .min(1)
      .optional()
      .describe("roles that may send to every tenant-aware queue whatever the tenant, e.g. to redrive a DLQ"),
    patterns: z.record(resourceKey, patternSpec).refine((p) => Object.keys(p).length > 0, "expected at least one pattern"),
  })
  .superRefine((spec, ctx) => {
    const seen = new Map<string, number>();
    (spec.tenants ?? []).forEach((tenant, i) => {
      if (seen.has(tenant)) {
        ctx.addIssue({ code: "custom", path: ["tenants", i], message: `duplicate tenant "${tenant}" (first at index ${seen.get(tenant)})`, input: tenant });
      }
      seen.set(tenant, i);
    });
  })
  .describe("A bulkhead service spec");

export type ServiceSpec = z.infer<typeof serviceSpec>;
export type PatternSpec = z.infer<typeof patternSpec>;

export function serviceJsonSchema(): object {
  return z.toJSONSchema(serviceSpec, { io: "input", unrepresentable: "any" });
}
