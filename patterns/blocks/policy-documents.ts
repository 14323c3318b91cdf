import { Fn } from "cdktf";
import type { PolicyStatement, Producer } from "../model/types.js";
import type { ResourceIndex } from "./resource-index.js";

/**
 * Denies any request that does not use TLS; every queue, topic and bucket policy starts
 * with it. The action is the service's own (`sqs:*`, `s3:*`; SNS accepts only actions it
 * lists, so its data path `sns:Publish`), never a bare `*`, which SNS rejects at apply.
 */
export function denyInsecureTransport(action: string, resources: string | readonly string[]) {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** Lets exactly the declared producers send to a queue. */
export function allowProducers(queueArn: string, producers: readonly Producer[], index: ResourceIndex) {
  const topics = producers.map((p) => index.arn(p.topic));
  if (topics.length === 0) return [];
  return [
    {
      Sid: "AllowDeclaredTopics",
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": topics } },
    },
  ];
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
