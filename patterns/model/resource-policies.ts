import { TENANT_PRINCIPAL_TAG, type Producer, type QueueModel, type ResourceRef, type SendAccessModel, type TopicModel } from "./types.js";

/**
 * The statements of queue, topic and bucket policies, pure: the constructs render them with real
 * ARNs, the policy-size guardrail with ARNs of realistic length. `arnOf` gives a resource's ARN.
 */
export type ArnOf = (ref: ResourceRef) => string;

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

/** Lets exactly the declared producers (SNS topics) send to a queue. */
export function allowProducers(queueArn: string, producers: readonly Producer[], arnOf: ArnOf) {
  const topics = producers.map((p) => arnOf(p.topic));
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
export function restrictSenders(arn: string, access: SendAccessModel, actions: { deny: string; allow: readonly string[] }, arnOf: ArnOf) {
  const trusted = access.trusted.map((p) => (typeof p === "string" ? p : arnOf(p)));
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
    ...(named.length > 0 && actions.allow.length > 0 ? [allow("AllowNamedSenders", { ArnLike: { "aws:PrincipalArn": named } })] : []),
    ...(access.taggedRoles?.length && tenants.length > 0
      ? [allow("AllowTaggedTenantRoles", { ArnLike: { "aws:PrincipalArn": access.taggedRoles }, StringEquals: { [tenantTag]: tenants } })]
      : []),
  ];
}

/** A queue's policy statements: TLS only, its topics, and who else may send. */
export function queuePolicyStatements(queueArn: string, queue: QueueModel, arnOf: ArnOf): object[] {
  return [
    denyInsecureTransport("sqs:*", queueArn),
    ...allowProducers(queueArn, queue.producers, arnOf),
    ...(queue.access ? restrictSenders(queueArn, queue.access, { deny: "sqs:SendMessage", allow: ["sqs:GetQueueUrl", "sqs:SendMessage"] }, arnOf) : []),
  ];
}

/** A DLQ's policy statements: TLS only, the topic of its subscription, and, on a tenant-aware queue's DLQ, only its consumers. */
export function deadLetterPolicyStatements(dlqArn: string, queue: QueueModel, arnOf: ArnOf): object[] {
  const dlq = queue.deadLetterQueue!;
  return [
    denyInsecureTransport("sqs:*", dlqArn),
    ...allowProducers(dlqArn, dlq.producers, arnOf),
    ...(dlq.access ? restrictSenders(dlqArn, dlq.access, { deny: "sqs:SendMessage", allow: [] }, arnOf) : []),
  ];
}

/** A topic's policy statements: TLS only, and who may publish. */
export function topicPolicyStatements(topicArn: string, topic: TopicModel, arnOf: ArnOf): object[] {
  return [denyInsecureTransport("sns:Publish", topicArn), ...restrictSenders(topicArn, topic.access, { deny: "sns:Publish", allow: ["sns:Publish"] }, arnOf)];
}

/** A policy document as JSON; IAM and SQS count its characters without whitespace, as this writes it. */
export function policyJson(statements: readonly object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
