import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy/index.js";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy/index.js";
import { Construct } from "constructs";
import { DEFAULTS } from "../model/defaults.js";
import type { QueueModel } from "../model/types.js";
import { thresholdAlarm } from "./alarms.js";
import { deadLetterPolicyStatements, queuePolicyStatements } from "../model/resource-policies.js";
import { policyArns, policyDocument } from "./policy-documents.js";
import type { ResourceIndex } from "./resource-index.js";

/** Translates a QueueModel: queue, DLQ, redrive and redrive-allow, TLS-only policies, alarms. */
export class ResilientQueue extends Construct {
  constructor(scope: Construct, model: QueueModel, index: ResourceIndex) {
    super(scope, `queue-${model.id}`);
    const fifoSettings = model.fifo ? { fifoQueue: true } : {};
    const dlqModel = model.deadLetterQueue;
    const dlq = dlqModel
      ? new SqsQueue(this, "dlq", {
          name: dlqModel.name,
          ...fifoSettings,
          messageRetentionSeconds: dlqModel.messageRetentionSeconds,
          sqsManagedSseEnabled: true,
          tags: { ...model.tags },
        })
      : undefined;
    const queue = new SqsQueue(this, "queue", {
      name: model.name,
      ...fifoSettings,
      visibilityTimeoutSeconds: model.visibilityTimeoutSeconds,
      messageRetentionSeconds: model.messageRetentionSeconds,
      receiveWaitTimeSeconds: model.receiveWaitTimeSeconds,
      maxMessageSize: model.maxMessageSizeBytes,
      sqsManagedSseEnabled: true,
      redrivePolicy: dlq ? JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: model.maxReceiveCount }) : undefined,
      tags: { ...model.tags },
    });
    index.add({ kind: "queue", id: model.id }, queue.arn);
    new SqsQueuePolicy(this, "policy", {
      queueUrl: queue.url,
      policy: policyDocument(queuePolicyStatements(queue.arn, model, policyArns(index))),
    });
    thresholdAlarm(this, {
      id: "oldest-message-age",
      nameParts: [model.name, "oldest-message-age"],
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: model.name },
      statistic: "Maximum",
      threshold: model.alarms.oldestMessageAgeSeconds,
      periodSeconds: DEFAULTS.alarms.periodSeconds,
      description: `Messages in ${model.name} wait longer than ${model.alarms.oldestMessageAgeSeconds} s: the consumer is failing or too slow.`,
      tags: model.tags,
    });
    if (!dlq || !dlqModel) return;
    index.add({ kind: "dlq", id: model.id }, dlq.arn);
    new SqsQueueRedriveAllowPolicy(this, "dlq-redrive-allow", {
      queueUrl: dlq.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [queue.arn] }),
    });
    new SqsQueuePolicy(this, "dlq-policy", {
      queueUrl: dlq.url,
      policy: policyDocument(deadLetterPolicyStatements(dlq.arn, model, policyArns(index))),
    });
    thresholdAlarm(this, {
      id: "dlq-depth",
      nameParts: [dlqModel.name, "depth"],
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: dlqModel.name },
      statistic: "Maximum",
      threshold: model.alarms.deadLetterDepth,
      periodSeconds: DEFAULTS.alarms.periodSeconds,
      description: `${dlqModel.name} holds failed messages from ${model.name}: inspect and redrive them.`,
      // SQS stops reporting an untouched queue after six hours, messages or not: keep the alarm state.
      missingData: "ignore",
      tags: model.tags,
    });
  }
}
