import type { SQSClient } from "@aws-sdk/client-sqs";
import { sqsSdk } from "../shared/aws-sdk.js";
import type { RoutedMessage, ShardSendResult } from "./shard-router.js";
import { ShardBatchSendError, type FailedSend } from "./shard-router-errors.js";
import { queueUrl } from "../shared/queue-urls.js";

/** SQS accepts at most this many entries per SendMessageBatch. */
const MAX_BATCH_ENTRIES = 10;

/** Positions (into the routed messages) of up to ten messages for one queue. */
interface Chunk {
  queueName: string;
  indexes: number[];
}

/** Why one entry was not sent. */
export type BatchEntryFailure = Pick<FailedSend, "code" | "message" | "senderFault">;

/**
 * One SendMessageBatch per ten messages of a queue, all in flight together. A request that fails
 * as a whole fails only its own entries; everything not accepted is reported at the end, together,
 * with the entries `notSendable` (by position) lists, which are not sent at all.
 */
export async function sendInBatches(sqs: SQSClient, messages: readonly RoutedMessage[], notSendable: ReadonlyMap<number, BatchEntryFailure> = new Map()): Promise<ShardSendResult[]> {
  const { SendMessageBatchCommand } = await sqsSdk();
  const results: (ShardSendResult | undefined)[] = new Array(messages.length);
  const failed: FailedSend[] = [];
  const fail = (index: number, code: string, message: string, senderFault: boolean) => {
    failed.push({ index, ...messages[index]!.destination, code, message, senderFault });
  };

  for (const [index, { code, message, senderFault }] of notSendable) fail(index, code, message, senderFault);

  await Promise.all(
    chunksByQueue(messages, notSendable).map(async ({ queueName, indexes }) => {
      try {
        const response = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: await queueUrl(sqs, queueName),
            // The position doubles as the entry id: unique in the request, and it maps answers back.
            Entries: indexes.map((index) => ({
              Id: String(index),
              MessageBody: messages[index]!.body,
              MessageAttributes: messages[index]!.attributes,
            })),
          }),
        );
        const accepted = new Map((response.Successful ?? []).map((entry) => [entry.Id, entry.MessageId!]));
        const rejected = new Map((response.Failed ?? []).map((entry) => [entry.Id, entry]));
        for (const index of indexes) {
          const messageId = accepted.get(String(index));
          const failure = rejected.get(String(index));
          if (messageId !== undefined) results[index] = { ...messages[index]!.destination, messageId };
          else fail(index, failure?.Code ?? "Unacknowledged", failure?.Message ?? "", failure?.SenderFault ?? false);
        }
      } catch (error) {
        const { name, message } = error as Error;
        const senderFault = (error as { $fault?: string }).$fault === "client";
        for (const index of indexes) fail(index, name, message, senderFault);
      }
    }),
  );

  if (failed.length > 0) {
    const sent = results.filter((result): result is ShardSendResult => result !== undefined);
    throw new ShardBatchSendError(sent, failed.sort((a, b) => a.index - b.index));
  }
  return results as ShardSendResult[];
}

function chunksByQueue(messages: readonly RoutedMessage[], skipped: ReadonlyMap<number, unknown>): Chunk[] {
  const indexesByQueue = new Map<string, number[]>();
  messages.forEach(({ destination: { queueName } }, index) => {
    if (skipped.has(index)) return;
    const indexes = indexesByQueue.get(queueName) ?? [];
    indexes.push(index);
    indexesByQueue.set(queueName, indexes);
  });
  return [...indexesByQueue].flatMap(([queueName, indexes]) => {
    const chunks: Chunk[] = [];
    for (let start = 0; start < indexes.length; start += MAX_BATCH_ENTRIES) {
      chunks.push({ queueName, indexes: indexes.slice(start, start + MAX_BATCH_ENTRIES) });
    }
    return chunks;
  });
}
