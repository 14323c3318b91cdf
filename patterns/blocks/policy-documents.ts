import { Fn } from "cdktf";
import { TENANT_PRINCIPAL_TAG, type PolicyStatement, type Producer, type SendAccessModel } from "../model/types.js";
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

/**
 * Denies sending to any principal that is neither trusted (the pattern's own senders, named
 * routers, publishers and operators) nor, on a tenant-aware queue, tagged with a tenant the queue
 * serves; and allows the named principals, so that they may send from another account too.
 */
export function restrictSenders(arn: string, access: SendAccessModel, actions: { deny: string; allow: readonly string[] }, index: ResourceIndex) {
  const trusted = access.trusted.map((p) => (typeof p === "string" ? p : index.lateArn(p)));
  const named = access.trusted.filter((p): p is string => typeof p === "string");
  const tenantTag = `aws:PrincipalTag/${TENANT_PRINCIPAL_TAG}`;
  const tenants = access.tenants ?? [];
  // Conditions of one statement must all hold: denied when untrusted and not tagged with a served tenant.
  const unless = {
    ...(trusted.length > 0 ? { ArnNotLike: { "aws:PrincipalArn": trusted } } : {}),
    ...(tenants.length > 0 ? { StringNotEquals: { [tenantTag]: tenants } } : {}),
  };
  const allow = (sid: string, condition: object) => ({ Sid: sid, Effect: "Allow", Principal: "*", Action: actions.allow, Resource: arn, Condition: condition });
  return [
    { Sid: "DenyUntrustedSenders", Effect: "Deny", Principal: "*", Action: actions.deny, Resource: arn, ...(Object.keys(unless).length > 0 ? { Condition: unless } : {}) },
    ...(named.length > 0 ? [allow("AllowNamedSenders", { ArnLike: { "aws:PrincipalArn": named } })] : []),
    ...(access.taggedRoles?.length && tenants.length > 0
      ? [allow("AllowTaggedTenantRoles", { ArnLike: { "aws:PrincipalArn": access.taggedRoles }, StringEquals: { [tenantTag]: tenants } })]
      : []),
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
