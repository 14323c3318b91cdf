import { Fn } from "cdktf";
import type { ArnOf } from "../model/resource-policies.js";
import type { PolicyStatement } from "../model/types.js";
import type { ResourceIndex } from "./resource-index.js";

/**
 * ARNs for resource policies: a role is created with its function, after the queues and topics
 * whose policies trust it, so its ARN is resolved when the stack is synthesized.
 */
export function policyArns(index: ResourceIndex): ArnOf {
  return (ref) => (ref.kind === "role" ? index.lateArn(ref) : index.arn(ref));
}

export function policyDocument(statements: readonly object[]): string {
  return Fn.jsonencode({ Version: "2012-10-17", Statement: statements });
}

export function identityPolicy(statements: readonly PolicyStatement[], index: ResourceIndex): string {
  return policyDocument(
    statements.map((s) => ({
      Sid: s.sid,
      Effect: "Allow",
      Action: s.actions,
      Resource: s.resources.map((r) => index.policyResource(r)),
      ...(s.conditions?.length
        ? { Condition: Object.fromEntries(s.conditions.map((c) => [c.test, { [c.variable]: c.values }])) }
        : {}),
    })),
  );
}

export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
