import { FullBatchFailureError } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { ClaimCheckError } from "../claim-check/errors.js";
import type { NamedValues } from "../secrets/named-values.js";
import { runtimeTracing } from "../shared/tracing.js";
import type { TenantData } from "../tenancy/tenant-data.js";
import { BatchTally } from "./batch-metrics.js";
import { sortBatch } from "./batch-sorting.js";
import { DeferredForTimeError } from "./errors.js";
import { readMessage } from "./message.js";
import { startRecordTrace, traceInvocation, type RecordTrace } from "./record-tracing.js";
import { createConsumerRuntime, type ConsumerRuntime, type RuntimeOverrides } from "./runtime.js";
import { TimeGuard } from "./time-guard.js";

/** What the business logic gets besides the payload. */
export interface RecordScope {
  /** Carries `correlation_id` (= messageId) and `tenant` while this record runs. */
  logger: Logger;
  /** Flushed with the consumer's own counts at the end of the invocation. */
  metrics: Metrics;
  record: SQSRecord;
  /** Stable across redeliveries: the SNS MessageId when enveloped, else the SQS message id. */
  messageId: string;
  /** The message's `tenant` attribute; on a tenant-isolated function, always the function's own tenant. */
  tenant?: string;
  /** A tenant-isolated function's table and bucket clients, scoped to its tenant; each present when the spec's `data` declares it. */
  tenantData?: TenantData;
  /** The Secrets Manager secrets the consumer's spec names, by those names (`secrets.get("paymentApiKey")`), cached. */
  secrets: NamedValues;
  /** The SSM parameters the consumer's spec names, by those names, SecureStrings decrypted, cached. */
  parameters: NamedValues;
  /**
   * Powertools' Tracer of the execution environment while tracing is on (undefined when it is off,
   * and then not even loaded): the current subsegment is this record's, so `tracer?.putAnnotation`
   * and `tracer?.putMetadata` land on it, and `tracer?.captureAWSv3Client(client)` makes a client
   * of the handler's own show its calls there.
   */
  tracer?: Tracer;
  context: Context;
}

/**
 * The business logic for one message. It runs at most once per idempotency key until the key's TTL
 * ends; what it returns is stored as JSON with the key (keep it small: a DynamoDB item holds 400 KB).
 * Throwing reports the record for retry.
 */
export type RecordHandler<T> = (payload: T, scope: RecordScope) => Promise<unknown>;

export interface SqsConsumerOptions extends RuntimeOverrides {
  /**
   * No record is started with less time than this left (except the first of a batch). Default:
   * BULKHEAD_TIME_MARGIN_MS, which the synthesizer sets to a quarter of the function's timeout
   * within 1 to 3 s; without it, 3000 ms.
   */
  timeSafetyMarginMs?: number;
  /** The clock priority lanes measure a message's age with; tests move it. */
  now?: () => number;
}

export type SqsConsumerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * Wraps business logic into an SQS Lambda handler with partial batch responses, per-message
 * idempotency, SNS envelope unwrapping, claim-check resolution, a time guard, structured logs,
 * EMF metrics and X-Ray traces (a subsegment per record); on a tenant-aware queue, only the tenants
 * the queue serves reach it.
 * The payload is the parsed JSON message, cast to T, not validated.
 */
export function sqsConsumer<T>(handler: RecordHandler<T>, options: SqsConsumerOptions = {}): SqsConsumerHandler {
  const { timeSafetyMarginMs, now = Date.now, ...overrides } = options;
  // Built on the first invocation, then kept for the life of the execution environment. Not at
  // import time, so that importing a handler (tests, bundling) needs no Lambda environment.
  let runtime: ConsumerRuntime | undefined;

  return async (event, context) => {
    // Tracing first: the clients the runtime creates are captured with the Tracer.
    const current = (runtime ??= createConsumerRuntime(await runtimeTracing(), overrides));
    const { config, logger, metrics, tenantData, readClaimCheck, secrets, parameters } = current;
    const { tracer } = current.tracing;
    // Long enough for a typical record to finish; a record that still overruns costs only a retry of
    // the batch, which idempotency makes cheap, so the margin errs short rather than idling capacity.
    const guard = new TimeGuard(context, timeSafetyMarginMs ?? config.timeMarginMs);
    const runOnce = current.idempotency.forInvocation(context);
    const tally = new BatchTally(event.Records.length);
    logger.addContext(context);

    const work = async (record: SQSRecord): Promise<void> => {
      // A record not started (deferred for time) gets no subsegment.
      let trace: RecordTrace | undefined;
      try {
        guard.admit();
        trace = startRecordTrace(tracer, record);
        // A message sent by reference is read from the claim-check bucket here, so that the key and the
        // payload check below, like the business logic, see the payload itself, not the pointer.
        const message = await readMessage(record, config.messageFormat, readClaimCheck);
        // The screening let through only the silo's own tenant; said here too, so the scope cannot disagree with the role.
        const tenant = config.tenancy?.kind === "isolated" ? config.tenancy.tenant : message.tenant;
        logger.setCorrelationId(message.id);
        if (tenant !== undefined) logger.appendKeys({ tenant });
        trace.identify({ correlationId: message.id, bulkheadMessageId: message.bulkheadMessageId, tenant });

        const scope: RecordScope = {
          logger,
          metrics,
          record,
          messageId: message.id,
          tenant,
          ...(tenantData ? { tenantData } : {}),
          secrets,
          parameters,
          ...(tracer ? { tracer } : {}),
          context,
        };
        // The producer's bulkhead-message-id is the same for a retried publish, which gets a new
        // message id; the message id stays the same only across redeliveries of one publish.
        const defaultKey = message.bulkheadMessageId ?? message.id;
        // On a tenant-aware queue the key is the tenant's own: the tenant check accepted this one for the queue.
        const outcome = await runOnce({ defaultKey, payload: message.payload, ...(config.tenancy ? { tenant } : {}) }, () =>
          handler(message.payload as T, scope),
        );
        tally[outcome] += 1;
        trace.end(outcome);
        if (outcome === "duplicate") logger.info("duplicate message: already processed, not run again");
      } catch (error) {
        trace?.fail(error);
        if (error instanceof DeferredForTimeError) {
          tally.deferredForTime += 1;
        } else {
          logger.error(
            {
              message: "record failed; reported for retry",
              sqsMessageId: record.messageId,
              ...(error instanceof ClaimCheckError ? { claimCheck: error.pointer } : {}),
            },
            error as Error,
          );
        }
        throw error;
      } finally {
        // Keys appended for one record, by this runtime or by the business logic, must not label the next.
        logger.resetKeys();
      }
    };

    const handleBatch = async (): Promise<SQSBatchResponse> => {
      const { run, retry } = await sortBatch(event.Records, current, tally, { now, sqs: overrides.sqs });
      // Nothing set aside: every record failing then throws FullBatchFailureError, as it should.
      if (run.length === event.Records.length) return await current.runBatch(event, work, context);
      const setAside = retry.map((itemIdentifier) => ({ itemIdentifier }));
      if (run.length === 0) return { batchItemFailures: setAside };
      const ran = await current.runBatch({ Records: run }, work, context).catch((error: unknown) => {
        // Every record that ran failed; the ones dead-lettered, deferred or dropped must not come back with them.
        if (error instanceof FullBatchFailureError) return { batchItemFailures: run.map((r) => ({ itemIdentifier: r.messageId })) };
        throw error;
      });
      return { batchItemFailures: [...setAside, ...ran.batchItemFailures] };
    };

    try {
      // Under one `## <handler>` subsegment: the records' subsegments, and the sorting's SDK calls.
      return await traceInvocation(tracer, handleBatch);
    } finally {
      if (tally.deferredForTime > 0) {
        logger.warn("remaining time below the safety margin; records deferred to a later delivery", {
          deferredForTime: tally.deferredForTime,
          remainingMs: context.getRemainingTimeInMillis(),
        });
      }
      tally.addTo(metrics);
      metrics.publishStoredMetrics();
    }
  };
}
