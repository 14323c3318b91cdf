import { denyInsecureTransport } from "./resource-policies.js";

/**
 * The alarm key's policy: the account administers it through IAM, as with a default key policy,
 * and CloudWatch may use it, which the AWS-managed SNS key never allows (alarms would then fail
 * to publish, silently).
 */
export function alarmKeyPolicyStatements(partition: string, account: string): object[] {
  return [
    { Sid: "AccountAdministersThroughIam", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
    {
      Sid: "CloudWatchEncryptsAlarms",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": account } },
    },
  ];
}

/** TLS only; CloudWatch alarms of this account may publish. */
export function alarmTopicPolicyStatements(topicArn: string, account: string): object[] {
  return [
    denyInsecureTransport("sns:Publish", topicArn),
    {
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { StringEquals: { "aws:SourceAccount": account } },
    },
  ];
}
