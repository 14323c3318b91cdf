import { Fn } from "cdktf";

export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

// Terraform's jsonencode, as bulkhead writes policies, so both sides emit the same attribute values.
export function policy(statements: readonly object[]): string {
  return Fn.jsonencode({ Version: "2012-10-17", Statement: statements });
}

/**
 * Refuses requests without TLS. The action is the service's own: `sqs:*`, `s3:*`, and for
 * SNS, which rejects `*` and wildcards over actions it does not list, `sns:Publish`.
 */
export function denyInsecureTransport(action: "sqs:*" | "sns:Publish" | "s3:*", arn: string | readonly string[]) {
  return { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: action, Resource: arn, Condition: { Bool: { "aws:SecureTransport": "false" } } };
}

export function allowTopic(queueArn: string, topicArn: string) {
  return {
    Sid: "AllowDeclaredTopics",
    Effect: "Allow",
    Principal: { Service: "sns.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: queueArn,
    Condition: { ArnEquals: { "aws:SourceArn": [topicArn] } },
  };
}
