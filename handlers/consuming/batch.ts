import {
  BatchProcessor,
  EventType,
  SqsFifoPartialProcessorAsync,
  processPartialResponse,
} from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { QueueKind } from "./config.js";

export type RecordWork = (record: SQSRecord) => Promise<void>;

/** Runs a record function over an SQS batch and answers with the records to retry (`batchItemFailures`). */
export type BatchRunner = (event: SQSEvent, work: RecordWork, context: Context) => Promise<SQSBatchResponse>;

/**
 * Records always run one after the other. Powertools runs a standard batch in parallel by default;
 * sequentially, a duplicate later in the batch finds the first copy's COMPLETED record (and is
 * skipped) rather than its INPROGRESS lock (and is bounced back to the queue), and the time guard
 * can stop between records.
 *
 * When every record fails, Powertools throws FullBatchFailureError instead of answering, so the
 * invocation counts as an error in Lambda's metrics; SQS then retries the whole batch either way.
 */
export function createBatchRunner(queueKind: QueueKind): BatchRunner {
  if (queueKind === "fifo") {
    // The async variant: SqsFifoPartialProcessor itself only takes synchronous record functions.
    const processor = new SqsFifoPartialProcessorAsync();
    // Order only holds within a message group, so a failure holds back the rest of its own group
    // and the other groups go on.
    return (event, work, context) =>
      processPartialResponse(event, work, processor, { context, skipGroupOnError: true });
  }
  const processor = new BatchProcessor(EventType.SQS);
  return (event, work, context) =>
    processPartialResponse(event, work, processor, { context, processInParallel: false });
}
