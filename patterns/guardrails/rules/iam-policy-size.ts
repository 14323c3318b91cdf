import { AWS_LIMITS } from "../../model/limits.js";
import type { FunctionModel, ServiceModel } from "../../model/types.js";
import { estimatedArn } from "../estimated-arn.js";
import { finding, type Rule } from "../rule.js";

const name = "iam-policy-size";

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
