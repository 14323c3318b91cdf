import type { Logger } from "@aws-lambda-powertools/logger";
import type { MessageAttributeValue, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { forwardRecords, MAX_ATTRIBUTES, messageBytes, sdkAttributes, type ForwardingOutcome } from "../consuming/record-forwarding.js";
import { REJECTED_ATTRIBUTE } from "../shared/attributes.js";
import { defaultSqsClient } from "../shared/aws-sdk.js";
import { deadLetterQueueOf, type DeadLetterTarget } from "./dead-letter-queue.js";
import type { TenantCheck, TenantRule } from "./tenant-rule.js";

export interface TenantScreening {
  /** Records whose queue serves their tenant: they go on to run. */
  accepted: SQSRecord[];
  /** Records sent to their queue's DLQ unrun. */
  rejected: number;
  /** Message ids to report for retry: rejected but not dead-lettered, not checkable, or for a tenant the routing table does not have yet. */
  failed: string[];
}

interface Rejection {
  record: SQSRecord;
  tenant?: string;
  reason: string;
}

/**
 * Keeps a tenant's work off queues (and so functions, concurrency and roles) that do not serve
 * it, before idempotency or the business logic see it. Retrying a misrouted message cannot fix
 * it, so it goes to the DLQ at once rather than after maxReceiveCount deliveries, and is
 * acknowledged only once it is there: no message is dropped.
 */
export async function screenTenants(records: readonly SQSRecord[], rule: TenantRule, o: { logger: Logger; sqs?: SQSClient }): Promise<TenantScreening> {
  const screening: TenantScreening = { accepted: [], rejected: 0, failed: [] };
  const rejectedFrom = new Map<string, Rejection[]>();
  for (const record of records) {
    let check: TenantCheck;
    try {
      check = rule(record);
    } catch (error) {
      screening.failed.push(record.messageId);
      o.logger.error({ message: "cannot check the record's tenant; reported for retry", sqsMessageId: record.messageId }, error as Error);
      continue;
    }
    if (check.retry !== undefined) {
      screening.failed.push(record.messageId);
      o.logger.warn("tenant not in this function's routing table: reported for retry, not run and not dead-lettered", {
        tenant: check.tenant,
        queue: check.queueName,
        sqsMessageId: record.messageId,
        reason: check.retry,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
        action:
          "a tenant added since this function was deployed: deploy it with the new routing table; until then its messages are retried, and reach the DLQ only after the queue's maxReceiveCount",
      });
      continue;
    }
    if (check.rejected === undefined) {
      screening.accepted.push(record);
      continue;
    }
    // By source queue, since each has its own DLQ (a batch from one event source mapping makes one group).
    const fromQueue = rejectedFrom.get(check.queueName) ?? [];
    fromQueue.push({ record, tenant: check.tenant, reason: check.rejected });
    rejectedFrom.set(check.queueName, fromQueue);
  }

  for (const [queueName, rejections] of rejectedFrom) {
    const { deadLetterQueue, failed, errors, notAttached } = await deadLetter(queueName, rejections, o.sqs);
    const notSent = new Set(failed);
    for (const { record, tenant, reason } of rejections) {
      const fields = { tenant, queue: queueName, sqsMessageId: record.messageId, reason };
      const reasonNotAttached = notAttached.get(record.messageId);
      if (notSent.has(record.messageId)) {
        screening.failed.push(record.messageId);
        o.logger.error("rejected for its tenant, but could not be dead-lettered; reported for retry", { ...fields, errors });
      } else if (reasonNotAttached !== undefined) {
        screening.rejected += 1;
        o.logger.error(`rejected for its tenant: sent to the dead-letter queue unrun, without the ${REJECTED_ATTRIBUTE} attribute (the reason is in this log line only)`, {
          ...fields,
          deadLetterQueue,
          reasonNotAttached,
        });
      } else {
        screening.rejected += 1;
        o.logger.error("rejected for its tenant: sent to the dead-letter queue unrun", { ...fields, deadLetterQueue });
      }
    }
  }
  return screening;
}

type DeadLettering = ForwardingOutcome & {
  deadLetterQueue?: string;
  /** Message id → why the copy went without the reason attribute. */
  notAttached: Map<string, string>;
};

async function deadLetter(queueName: string, rejections: readonly Rejection[], sqs?: SQSClient): Promise<DeadLettering> {
  const notAttached = new Map<string, string>();
  try {
    const client = sqs ?? (await defaultSqsClient());
    const target = await deadLetterQueueOf(client, queueName);
    const copies = rejections.map(({ record, reason }) => {
      const { attributes, omitted } = withReason(record, reason, target);
      if (omitted !== undefined) notAttached.set(record.messageId, omitted);
      return { record, attributes };
    });
    const outcome = await forwardRecords(copies, target.queueName, client);
    return { ...outcome, deadLetterQueue: target.queueName, notAttached };
  } catch (error) {
    const { name, message } = error as Error;
    return { failed: rejections.map(({ record }) => record.messageId), errors: [`${name}: ${message}`], notAttached };
  }
}

/**
 * The message's own attributes, all of them, and the reason when there is room for it. There may
 * not be: SQS takes ten attributes, and the reason's bytes count towards the message's size limit,
 * so a message near it would be refused with them and retried until maxReceiveCount took it to the
 * DLQ anyway, later and without the reason. Such a copy goes without the reason instead (the
 * caller logs it), and the original is kept whole either way.
 */
function withReason(record: SQSRecord, reason: string, target: DeadLetterTarget): { attributes: Record<string, MessageAttributeValue>; omitted?: string } {
  const attributes = sdkAttributes(record.messageAttributes ?? {});
  if (!(REJECTED_ATTRIBUTE in attributes) && Object.keys(attributes).length >= MAX_ATTRIBUTES) {
    return { attributes, omitted: `the message already has SQS's ${MAX_ATTRIBUTES} message attributes` };
  }
  const withIt = { ...attributes, [REJECTED_ATTRIBUTE]: { DataType: "String", StringValue: reason } };
  const bytes = messageBytes(record.body, withIt);
  if (bytes > target.maxMessageBytes) {
    return { attributes, omitted: `with it the message would be ${bytes} bytes, over the ${target.maxMessageBytes} its queue takes` };
  }
  return { attributes: withIt };
}
