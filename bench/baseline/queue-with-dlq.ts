import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy/index.js";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy/index.js";
import type { QueueSettings } from "../service-case.js";
import { alarm } from "./alarm.js";
import { DLQ_RETENTION_SECONDS } from "./defaults.js";
import { allowTopic, denyInsecureTransport, policy, QUEUE_SEND, restrictSenders } from "./policies.js";
import type { Senders } from "./senders.js";
import type { QueueWithDlq, StackContext } from "./stack-context.js";

export interface QueueWithDlqProps {
  readonly name: string;
  readonly visibilityTimeoutSeconds: number;
  readonly settings: Required<QueueSettings>;
  /** The topic allowed to send to the queue and, for failed deliveries, to its DLQ. */
  readonly topicArn?: string;
  /** A tenant-aware queue's senders; any principal the account's IAM lets may send to other queues. */
  readonly senders?: Senders;
  /**
   * Who may send to a tenant-aware queue's DLQ: its consumer, dead-lettering another tenant's
   * record. Anything else planted there would ride a redrive back in as a trusted sender's.
   * SQS's own move after maxReceiveCount is no SendMessage and is not affected.
   */
  readonly deadLetterSenders?: Senders;
  readonly tags: Record<string, string>;
}

/** An encrypted queue and its DLQ: TLS-only policies admitting the given senders, redrive both ways, and two alarms. */
export function queueWithDlq(ctx: StackContext, id: string, p: QueueWithDlqProps): QueueWithDlq {
  const scope = ctx.stack;
  const dlq = new SqsQueue(scope, `${id}-dlq`, { name: `${p.name}-dlq`, messageRetentionSeconds: DLQ_RETENTION_SECONDS, sqsManagedSseEnabled: true, tags: p.tags });
  const queue = new SqsQueue(scope, `${id}-queue`, {
    name: p.name,
    visibilityTimeoutSeconds: p.visibilityTimeoutSeconds,
    messageRetentionSeconds: p.settings.messageRetentionSeconds,
    receiveWaitTimeSeconds: 20,
    maxMessageSize: 262_144,
    sqsManagedSseEnabled: true,
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: p.settings.maxReceiveCount }),
    tags: p.tags,
  });
  const allowed = (arn: string) => (p.topicArn ? [allowTopic(arn, p.topicArn)] : []);
  const restricted = p.senders ? restrictSenders(queue.arn, p.senders, QUEUE_SEND) : [];
  new SqsQueuePolicy(scope, `${id}-queue-policy`, { queueUrl: queue.url, policy: policy([denyInsecureTransport("sqs:*", queue.arn), ...allowed(queue.arn), ...restricted]) });
  const deadLetterRestricted = p.deadLetterSenders ? restrictSenders(dlq.arn, p.deadLetterSenders, { deny: QUEUE_SEND.deny, allow: [] }) : [];
  new SqsQueuePolicy(scope, `${id}-dlq-policy`, { queueUrl: dlq.url, policy: policy([denyInsecureTransport("sqs:*", dlq.arn), ...allowed(dlq.arn), ...deadLetterRestricted]) });
  new SqsQueueRedriveAllowPolicy(scope, `${id}-dlq-redrive-allow`, {
    queueUrl: dlq.url,
    redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [queue.arn] }),
  });
  alarm(ctx, `${id}-oldest-message-age`, {
    name: `${p.name}-oldest-message-age`,
    description: `Messages in ${p.name} wait longer than ${p.settings.oldestMessageAlarmSeconds} s: the consumer is failing or too slow.`,
    namespace: "AWS/SQS",
    metricName: "ApproximateAgeOfOldestMessage",
    dimensions: { QueueName: p.name },
    statistic: "Maximum",
    threshold: p.settings.oldestMessageAlarmSeconds,
    tags: p.tags,
  });
  alarm(ctx, `${id}-dlq-depth`, {
    name: `${p.name}-dlq-depth`,
    description: `${p.name}-dlq holds failed messages from ${p.name}: inspect and redrive them.`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: `${p.name}-dlq` },
    statistic: "Maximum",
    threshold: 1,
    // An untouched queue stops reporting after six hours, messages or not: keep the alarm's state.
    missingData: "ignore",
    tags: p.tags,
  });
  return { queue, dlq };
}
