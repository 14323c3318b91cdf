import { AWS_LIMITS } from "../../model/limits.js";
import type { FunctionModel, ResourceRef, ServiceModel } from "../../model/types.js";
import { finding, type Rule } from "../rule.js";

const name = "iam-policy-size";

/** A 12-digit account id: the ARNs are estimated at their real length. */
const ACCOUNT = "123456789012";
/** S3 appends this many characters to a bucket_prefix. */
const BUCKET_SUFFIX = "x".repeat(26);

/**
 * IAM limits a role's inline policies to 10,240 characters (whitespace excluded), and says so
 * only at apply. A shuffle-sharded consumer, and every function sending to one, lists one queue
 * ARN per shard, so the policy grows with the shard count.
 */
export const iamPolicySize: Rule = {
  name,
  why: "a role's inline policy over 10,240 characters (one queue ARN per shard adds up) fails only at apply",
  check(model) {
    return model.functions.flatMap((f) => {
      const size = estimatedPolicySize(model, f);
      if (size <= AWS_LIMITS.iamInlinePolicyChars) return [];
      const arns = f.statements.reduce((n, s) => n + s.resources.length, 0);
      return [
        finding(
          name,
          f.source,
          `role ${f.roleName}'s inline policy would be about ${size} characters (whitespace excluded, ${arns} resource ARNs), ` +
            `above IAM's limit of ${AWS_LIMITS.iamInlinePolicyChars}, which fails at apply: reduce shards or sendsTo`,
        ),
      ];
    });
  },
};

/** The policy as the role gets it, with ARNs of realistic length; JSON.stringify adds no whitespace. */
export function estimatedPolicySize(model: ServiceModel, f: FunctionModel): number {
  const document = {
    Version: "2012-10-17",
    Statement: f.statements.map((s) => ({
      Sid: s.sid,
      Effect: "Allow",
      Action: s.actions,
      Resource: s.resources.map((r) => (typeof r === "string" ? r : estimatedArn(model, r))),
      ...(s.conditions?.length ? { Condition: Object.fromEntries(s.conditions.map((c) => [c.test, { [c.variable]: c.values }])) } : {}),
    })),
  };
  return JSON.stringify(document).length;
}

function estimatedArn(model: ServiceModel, ref: ResourceRef): string {
  const at = (service: string, resource: string) => `arn:aws:${service}:${model.region}:${ACCOUNT}:${resource}`;
  const fn = () => model.functions.find((f) => f.id === ref.id)?.name ?? ref.id;
  switch (ref.kind) {
    case "queue":
      return at("sqs", model.queues.find((q) => q.id === ref.id)?.name ?? ref.id);
    case "dlq":
      return at("sqs", model.queues.find((q) => q.id === ref.id)?.deadLetterQueue?.name ?? ref.id);
    case "topic":
      return at("sns", model.topics.find((t) => t.id === ref.id)?.name ?? ref.id);
    case "table":
      return at("dynamodb", `table/${model.tables.find((t) => t.id === ref.id)?.name ?? ref.id}`);
    case "logGroup":
      return at("logs", `log-group:/aws/lambda/${fn()}:*`);
    case "function":
      return at("lambda", `function:${fn()}`);
    case "role":
      return `arn:aws:iam::${ACCOUNT}:role/${model.functions.find((f) => f.id === ref.id)?.roleName ?? ref.id}`;
    case "parameter":
      return at("ssm", `parameter${model.parameters.find((p) => p.id === ref.id)?.name ?? ref.id}`);
    case "bucket": {
      const published = model.routingTables.flatMap((t) => (t.publication.kind === "s3" ? [t.publication.bucket] : []));
      const prefix = [...published, ...model.buckets].find((b) => b.id === ref.id)?.namePrefix ?? ref.id;
      return `arn:aws:s3:::${prefix}${BUCKET_SUFFIX}${ref.objects ? `/${ref.objects}` : ""}`;
    }
  }
}
