import type { SQSClient } from "@aws-sdk/client-sqs";
import { sqsSdk } from "../shared/aws-sdk.js";
import { perClientCache } from "../shared/client-cache.js";
import { queueUrl } from "../shared/queue-urls.js";

/**
 * The name of a queue's dead-letter queue, from the queue's own redrive policy: the DLQ a message
 * would reach after its retries is the one it is sent to at once, so the synthesizer need not
 * pass it in another variable. Without a policy this throws, and, since failures are not cached,
 * the next batch asks again.
 */
export const deadLetterQueueOf: (sqs: SQSClient, queueName: string) => Promise<string> = perClientCache(async (sqs: SQSClient, queueName: string) => {
  const { GetQueueAttributesCommand } = await sqsSdk();
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await queueUrl(sqs, queueName), AttributeNames: ["RedrivePolicy"] }));
  const policy = Attributes?.RedrivePolicy;
  const target = policy ? (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn : undefined;
  if (!target) throw new Error(`queue ${queueName} has no redrive policy, so it has no dead-letter queue`);
  return target.split(":").at(-1)!;
});
