import { Fn } from "cdktf";
import type { Senders } from "./senders.js";

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

/**
 * Denies `deny` to every principal that is neither trusted nor, on a tenant-aware queue, tagged
 * with one of its tenants (both conditions of the statement must hold to deny), and allows `allow`
 * to the principals the spec names and to its tagged roles, so that they may send from another
 * account too (no Allow statement when `allow` is empty: a DLQ's). With nobody trusted and no
 * tenants, nobody may send.
 */
export function restrictSenders(arn: string, senders: Senders, actions: { deny: string; allow: readonly string[] }) {
  const tenantTag = "aws:PrincipalTag/tenant";
  const tenants = senders.tenants ?? [];
  const unless = {
    ...(senders.trusted.length > 0 ? { ArnNotLike: { "aws:PrincipalArn": senders.trusted } } : {}),
    ...(tenants.length > 0 ? { StringNotEquals: { [tenantTag]: tenants } } : {}),
  };
  const allow = (sid: string, condition: object) => ({ Sid: sid, Effect: "Allow", Principal: "*", Action: actions.allow, Resource: arn, Condition: condition });
  const taggedRoles = senders.taggedRoles ?? [];
  return [
    { Sid: "DenyUntrustedSenders", Effect: "Deny", Principal: "*", Action: actions.deny, Resource: arn, ...(Object.keys(unless).length > 0 ? { Condition: unless } : {}) },
    ...(senders.named.length > 0 && actions.allow.length > 0 ? [allow("AllowNamedSenders", { ArnLike: { "aws:PrincipalArn": senders.named } })] : []),
    ...(taggedRoles.length > 0 && tenants.length > 0 ? [allow("AllowTaggedTenantRoles", { ArnLike: { "aws:PrincipalArn": taggedRoles }, StringEquals: { [tenantTag]: tenants } })] : []),
  ];
}

/** Sending to a queue: denied as SendMessage (SendMessageBatch included), allowed with the URL lookup. */
export const QUEUE_SEND = { deny: "sqs:SendMessage", allow: ["sqs:GetQueueUrl", "sqs:SendMessage"] } as const;
export const TOPIC_PUBLISH = { deny: "sns:Publish", allow: ["sns:Publish"] } as const;
