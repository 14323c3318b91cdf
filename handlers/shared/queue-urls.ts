import type { SQSClient } from "@aws-sdk/client-sqs";
import { sqsSdk } from "./aws-sdk.js";
import { perClientCache } from "./client-cache.js";

/**
 * A queue's URL by name. Looking it up on every send would double the calls to SQS, and it never
 * changes, so it is cached per client; concurrent sends to a queue not yet looked up share one GetQueueUrl.
 */
export const queueUrl: (sqs: SQSClient, queueName: string) => Promise<string> = perClientCache(async (sqs: SQSClient, queueName: string) => {
  try {
    const { GetQueueUrlCommand } = await sqsSdk();
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (QueueUrl === undefined) throw new Error("GetQueueUrl returned no QueueUrl");
    return QueueUrl;
  } catch (error) {
    const { name, message } = error as Error;
    // SQS's own message ("The specified queue does not exist.") does not say which queue.
    throw new Error(`cannot find the URL of queue "${queueName}": ${name}: ${message}`, { cause: error });
  }
});
