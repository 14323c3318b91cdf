import type { SQSClient } from "@aws-sdk/client-sqs";
import { sqsSdk } from "../shared/aws-sdk.js";
import { perClientCache } from "../shared/client-cache.js";
import { queueUrl } from "../shared/queue-urls.js";

export interface DeadLetterTarget {
  /** The DLQ's name. */
  queueName: string;
  /**
   * The largest message (body and attributes) the source queue takes, which stands for the DLQ's:
   * the role may not read the DLQ's attributes (it may only find it and send to it), and a DLQ
   * bulkhead synthesizes takes no less than its queue (the queue is set to 256 KiB, the DLQ keeps
   * SQS's default). So a copy no larger than the message received fits.
   */
  maxMessageBytes: number;
}

/** The limit bulkhead gives its queues; assumed only if SQS does not answer MaximumMessageSize. */
const FALLBACK_MAX_MESSAGE_BYTES = 262_144;

/**
 * The dead-letter queue of a queue, from the queue's own redrive policy: the DLQ a message would
 * reach after its retries is the one it is sent to at once, so the synthesizer need not pass it in
 * another variable. Without a policy this throws, and, since failures are not cached, the next
 * batch asks again.
 */
export const deadLetterQueueOf: (sqs: SQSClient, queueName: string) => Promise<DeadLetterTarget> = perClientCache(async (sqs: SQSClient, queueName: string) => {
  const { GetQueueAttributesCommand } = await sqsSdk();
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await queueUrl(sqs, queueName), AttributeNames: ["RedrivePolicy", "MaximumMessageSize"] }));
  const policy = Attributes?.RedrivePolicy;
  const target = policy ? (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn : undefined;
  if (!target) throw new Error(`queue ${queueName} has no redrive policy, so it has no dead-letter queue`);
  const maxMessageBytes = Number(Attributes?.MaximumMessageSize);
  return { queueName: target.split(":").at(-1)!, maxMessageBytes: Number.isSafeInteger(maxMessageBytes) && maxMessageBytes > 0 ? maxMessageBytes : FALLBACK_MAX_MESSAGE_BYTES };
});
