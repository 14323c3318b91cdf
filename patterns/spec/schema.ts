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

/** Who bulkhead's own alarm topic notifies; SNS sends each a confirmation first. */
const alarmSubscribers = z
  .strictObject({
    email: z.array(z.email("expected an email address")).min(1).optional().describe("addresses that get every alarm (each confirms once)"),
    https: z
      .array(z.url({ protocol: /^https$/, error: "expected an https:// URL" }))
      .min(1)
      .optional()
      .describe("HTTPS endpoints that get every alarm, e.g. an incident tool's integration URL"),
  })
  .refine((a) => a.email !== undefined || a.https !== undefined, "expected email or https subscribers")
  .describe("create this environment's alarm topic, encrypted with a key CloudWatch may use, with these subscribers");

const environment = z
  .strictObject({
    accountConcurrency: positiveInt
      .optional()
      .describe("the account's Lambda concurrency limit, for the reserved-concurrency budget (default 1000)"),
    region: awsRegion.optional(),
    alarmTopicArn: snsTopicArn
      .optional()
      .describe(
        "standard SNS topic in the stack's region that the alarms notify; unencrypted or with a customer key CloudWatch may use (CloudWatch cannot publish to one encrypted with the AWS-managed SNS key). Absent, and no alarms: alarms notify nobody",
      ),
    alarms: alarmSubscribers.optional(),
    budget: z
      .strictObject({
        monthlyUsd: z.number().positive().describe("the environment's monthly cost budget in US dollars"),
        notify: z.array(z.email("expected an email address")).min(1).max(10).describe("who AWS Budgets emails at 80% and 100%, actual and forecast"),
      })
      .optional()
      .describe("an AWS Budgets cost budget for this environment's resources (by their bulkhead:stack tag); at most 10 addresses, AWS's limit"),
    deletionProtection: z
      .boolean()
      .optional()
      .describe("protect the stack's DynamoDB tables from deletion (default true); false for throwaway environments"),
  })
  .superRefine((env, ctx) => {
    if (env.alarms && env.alarmTopicArn) {
      ctx.addIssue({ code: "custom", path: ["alarms"], input: env.alarms, message: "give alarmTopicArn (a topic you own) or alarms (a topic bulkhead creates), not both" });
    }
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
    tracing: z
      .boolean()
      .optional()
      .describe("X-Ray active tracing on every function and topic, following a message across SNS, SQS and Lambda (default true)"),
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
