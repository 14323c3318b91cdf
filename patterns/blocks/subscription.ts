import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription/index.js";
import type { Construct } from "constructs";
import type { SubscriptionModel } from "../model/types.js";
import { terraformLiteral } from "./literal.js";
import type { ResourceIndex } from "./resource-index.js";

/** Translates a SubscriptionModel: topic to queue, with filter policy and a redrive DLQ. */
export function subscription(scope: Construct, model: SubscriptionModel, index: ResourceIndex): SnsTopicSubscription {
  return new SnsTopicSubscription(scope, `subscription-${model.id}`, {
    topicArn: index.arn(model.topic),
    protocol: "sqs",
    endpoint: index.arn(model.queue),
    rawMessageDelivery: model.rawMessageDelivery,
    ...(model.filterPolicy
      ? { filterPolicy: terraformLiteral(JSON.stringify(model.filterPolicy)), filterPolicyScope: model.filterPolicyScope }
      : {}),
    ...(model.deadLetterQueue
      ? { redrivePolicy: JSON.stringify({ deadLetterTargetArn: index.arn(model.deadLetterQueue) }) }
      : {}),
  });
}
