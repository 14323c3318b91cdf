import type { Logger } from "@aws-lambda-powertools/logger";
import type { MessageAttributeValue, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { forwardRecords, MAX_ATTRIBUTES, sdkAttributes, type ForwardingOutcome } from "../consuming/record-forwarding.js";
import { REJECTED_ATTRIBUTE } from "../shared/attributes.js";
import { defaultSqsClient } from "../shared/aws-sdk.js";
import { deadLetterQueueOf } from "./dead-letter-queue.js";
import type { TenantCheck, TenantRule } from "./tenant-rule.js";

export interface TenantScreening {
  /** Records whose queue serves their tenant: they go on to run. */
  accepted: SQSRecord[];
  /** Records sent to their queue's DLQ unrun. */
  rejected: number;
  /** Message ids to report for retry: rejected but not dead-lettered, or not checkable. */
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
    const { deadLetterQueue, failed, errors } = await deadLetter(queueName, rejections, o.sqs);
    const notSent = new Set(failed);
    for (const { record, tenant, reason } of rejections) {
      const fields = { tenant, queue: queueName, sqsMessageId: record.messageId, reason };
      if (notSent.has(record.messageId)) {
        screening.failed.push(record.messageId);
        o.logger.error("rejected for its tenant, but could not be dead-lettered; reported for retry", { ...fields, errors });
      } else {
        screening.rejected += 1;
        o.logger.error("rejected for its tenant: sent to the dead-letter queue unrun", { ...fields, deadLetterQueue });
      }
    }
  }
  return screening;
}

async function deadLetter(queueName: string, rejections: readonly Rejection[], sqs?: SQSClient): Promise<ForwardingOutcome & { deadLetterQueue?: string }> {
  try {
    const client = sqs ?? (await defaultSqsClient());
    const deadLetterQueue = await deadLetterQueueOf(client, queueName);
    const outcome = await forwardRecords(rejections.map(({ record, reason }) => ({ record, attributes: withReason(record, reason) })), deadLetterQueue, client);
    return { ...outcome, deadLetterQueue };
  } catch (error) {
    const { name, message } = error as Error;
    return { failed: rejections.map(({ record }) => record.messageId), errors: [`${name}: ${message}`] };
  }
}

/** The message's own attributes, all of them, and the reason when SQS's ten leave room for it. */
function withReason(record: SQSRecord, reason: string): Record<string, MessageAttributeValue> {
  const attributes = sdkAttributes(record.messageAttributes ?? {});
  if (REJECTED_ATTRIBUTE in attributes || Object.keys(attributes).length < MAX_ATTRIBUTES) {
    attributes[REJECTED_ATTRIBUTE] = { DataType: "String", StringValue: reason };
  }
  return attributes;
}
