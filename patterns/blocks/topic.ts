import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy/index.js";
import { Construct } from "constructs";
import type { TopicModel } from "../model/types.js";
import { topicPolicyStatements } from "../model/resource-policies.js";
import { policyArns, policyDocument } from "./policy-documents.js";
import type { ResourceIndex } from "./resource-index.js";

/** Translates a TopicModel: an encrypted topic whose policy refuses non-TLS requests and undeclared publishers. */
export class Topic extends Construct {
  constructor(scope: Construct, model: TopicModel, index: ResourceIndex) {
    super(scope, `topic-${model.id}`);
    const topic = new SnsTopic(this, "topic", {
      name: model.name,
      ...(model.fifo ? { fifoTopic: true } : {}),
      kmsMasterKeyId: model.kmsKeyId,
      tracingConfig: model.tracing ? "Active" : "PassThrough",
      tags: { ...model.tags },
    });
    index.add({ kind: "topic", id: model.id }, topic.arn);
    new SnsTopicPolicy(this, "policy", {
      arn: topic.arn,
      policy: policyDocument(topicPolicyStatements(topic.arn, model, policyArns(index))),
    });
  }
}
