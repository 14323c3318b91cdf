import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias/index.js";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key/index.js";
import { KmsKeyPolicy } from "@cdktf/provider-aws/lib/kms-key-policy/index.js";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy/index.js";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { alarmKeyPolicyStatements, alarmTopicPolicyStatements } from "../model/alarm-topic-policies.js";
import type { AlarmTopicModel } from "../model/types.js";
import { policyDocument } from "./policy-documents.js";

/**
 * Translates an AlarmTopicModel: a customer-managed key (rotated) whose policy lets CloudWatch
 * encrypt to it, the topic encrypted with it, and its subscriptions. The account comes from the
 * key's own ARN, so the stack needs no lookup at plan time.
 */
export class AlarmTopic extends Construct {
  readonly arn: string;

  constructor(scope: Construct, model: AlarmTopicModel) {
    super(scope, "alarm-topic");
    const key = new KmsKey(this, "key", {
      description: `Encrypts ${model.name}; CloudWatch alarms may use it to publish`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: { ...model.tags },
    });
    const arnPart = (arn: string, index: number) => Fn.element(Fn.split(":", arn), index);
    new KmsKeyPolicy(this, "key-policy", { keyId: key.keyId, policy: policyDocument(alarmKeyPolicyStatements(arnPart(key.arn, 1), arnPart(key.arn, 4))) });
    new KmsAlias(this, "alias", { name: model.keyAlias, targetKeyId: key.keyId });
    const topic = new SnsTopic(this, "topic", { name: model.name, kmsMasterKeyId: key.arn, tags: { ...model.tags } });
    new SnsTopicPolicy(this, "policy", { arn: topic.arn, policy: policyDocument(alarmTopicPolicyStatements(topic.arn, arnPart(topic.arn, 4))) });
    model.subscriptions.forEach((s, i) => {
      new SnsTopicSubscription(this, `subscription-${i}`, { topicArn: topic.arn, protocol: s.protocol, endpoint: s.endpoint });
    });
    this.arn = topic.arn;
  }
}
