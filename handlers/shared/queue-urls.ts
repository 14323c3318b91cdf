import type { SQSClient } from "@aws-sdk/client-sqs";
import { sqsSdk } from "./aws-sdk.js";

/**
 * Queue URLs by name, per client, for the life of the execution environment: a queue's URL
 * never changes, and looking it up on every send would double the calls to SQS. Per client because
 * two clients may point at different accounts, regions or endpoints.
 */
const urlsByClient = new WeakMap<SQSClient, Map<string, Promise<string>>>();

/** Concurrent sends to a queue not yet looked up share one GetQueueUrl. */
export function queueUrl(sqs: SQSClient, queueName: string): Promise<string> {
  let urls = urlsByClient.get(sqs);
  if (urls === undefined) {
    urls = new Map();
    urlsByClient.set(sqs, urls);
  }
  let url = urls.get(queueName);
  if (url === undefined) {
    url = lookUp(sqs, queueName);
    urls.set(queueName, url);
    // A failed lookup (throttled, or the queue not created yet) is not remembered: the next send asks again.
    const cache = urls;
    url.catch(() => cache.delete(queueName));
  }
  return url;
}

async function lookUp(sqs: SQSClient, queueName: string): Promise<string> {
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
}
