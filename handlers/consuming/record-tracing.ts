import type { Tracer } from "@aws-lambda-powertools/tracer";
import type { SQSRecord } from "aws-lambda";

/** What Powertools' Tracer hands out: the Lambda facade segment, or a subsegment of it. */
type XraySegment = NonNullable<ReturnType<Tracer["getSegment"]>>;

/** The name of each record's subsegment. */
export const RECORD_SUBSEGMENT = "record";

/**
 * The annotations of a record's subsegment (X-Ray indexes annotations, so they are few; keys as
 * X-Ray filter expressions take them: letters, digits, `_`). Search with e.g.
 * `annotation.bulkhead_message_id = "…"` to find every consumer, on every hop, that ran a message.
 */
export const TRACE_ANNOTATIONS = {
  /** The SQS message id (what `batchItemFailures` and the failure log's `sqsMessageId` name). */
  messageId: "message_id",
  /** The producer's deterministic `bulkhead-message-id`, the same on every hop and every retried publish; absent without one. */
  bulkheadMessageId: "bulkhead_message_id",
  /** The record's tenant (a silo's own); absent without one. */
  tenant: "tenant",
  /** `processed`, `duplicate` or `failed`. */
  outcome: "outcome",
  /** The Root of the record's `AWSTraceHeader`: the trace of the send (or SNS publish) that produced it; absent without one. */
  producerTraceId: "producer_trace_id",
} as const;

export type TracedOutcome = "processed" | "duplicate" | "failed";

/** The parts of an X-Ray trace header (`Root=1-…;Parent=…;Sampled=1`). */
export interface TraceHeader {
  root?: string;
  parent?: string;
  sampled?: boolean;
}

export function parseTraceHeader(header: string): TraceHeader {
  const fields = new Map(
    header.split(";").map((field) => {
      const at = field.indexOf("=");
      return [field.slice(0, at).trim(), field.slice(at + 1).trim()] as const;
    }),
  );
  const sampled = fields.get("Sampled");
  return {
    ...(fields.get("Root") ? { root: fields.get("Root") } : {}),
    ...(fields.get("Parent") ? { parent: fields.get("Parent") } : {}),
    ...(sampled === "1" || sampled === "0" ? { sampled: sampled === "1" } : {}),
  };
}

/**
 * One invocation under a `## <handler>` subsegment, as Powertools' captureLambdaHandler makes it
 * (ColdStart and Service annotations, the response or the error as metadata), so that the records'
 * subsegments, and the calls made before any record runs (dead-lettering, deferral), have a
 * subsegment to hang from: Lambda's own segment cannot be annotated. Without a tracer, `run` alone.
 */
export async function traceInvocation<T>(tracer: Tracer | undefined, run: () => Promise<T>): Promise<T> {
  const parent = tracer?.getSegment();
  if (tracer === undefined || parent === undefined) return run();
  const name = process.env._HANDLER ?? "handler";
  const subsegment = parent.addNewSubsegment(`## ${name}`);
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    const result = await run();
    tracer.setSegment(subsegment);
    tracer.addResponseAsMetadata(result, name);
    return result;
  } catch (error) {
    tracer.setSegment(subsegment);
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    close(subsegment);
    tracer.setSegment(parent);
  }
}

/**
 * One record's subsegment, open while the record runs (and current, so the SDK calls it makes,
 * the runtime's and the business logic's through captured clients, are its subsegments).
 */
export interface RecordTrace {
  /** What the record turned out to be, once decoded. */
  identify(fields: { correlationId: string; bulkheadMessageId?: string; tenant?: string }): void;
  end(outcome: Exclude<TracedOutcome, "failed">): void;
  /** Marks the subsegment with the error (Powertools' addErrorAsMetadata: a fault, with the error as its cause). */
  fail(error: unknown): void;
}

const UNTRACED: RecordTrace = { identify: () => undefined, end: () => undefined, fail: () => undefined };

/**
 * Opens the record's subsegment under the current one. Powertools (2.35) and the X-Ray SDK for
 * Node.js have no span links, so the producer's trace, from the `AWSTraceHeader` Lambda puts on the
 * record, is recorded here instead: its Root as the `producer_trace_id` annotation, the whole
 * header (with the producer's subsegment as `Parent`) as metadata.
 */
export function startRecordTrace(tracer: Tracer | undefined, record: SQSRecord): RecordTrace {
  const parent = tracer?.getSegment();
  if (tracer === undefined || parent === undefined) return UNTRACED;
  const subsegment = parent.addNewSubsegment(RECORD_SUBSEGMENT);
  tracer.setSegment(subsegment);

  const header = record.attributes.AWSTraceHeader;
  const producer = header === undefined ? undefined : parseTraceHeader(header);
  subsegment.addAnnotation(TRACE_ANNOTATIONS.messageId, record.messageId);
  if (producer?.root !== undefined) subsegment.addAnnotation(TRACE_ANNOTATIONS.producerTraceId, producer.root);
  const metadata: Record<string, unknown> = {
    sqsMessageId: record.messageId,
    queue: record.eventSourceARN.split(":").at(-1),
    receiveCount: Number(record.attributes.ApproximateReceiveCount),
    ...(header === undefined ? {} : { producer: { traceHeader: header, ...producer } }),
  };
  // Under the service's namespace, as Powertools puts metadata; the subsegment is the current one here.
  const putMetadata = () => {
    tracer.setSegment(subsegment);
    tracer.putMetadata("record", { ...metadata });
  };
  putMetadata();

  let closed = false;
  const finish = (outcome: TracedOutcome) => {
    if (closed) return;
    closed = true;
    subsegment.addAnnotation(TRACE_ANNOTATIONS.outcome, outcome);
    close(subsegment);
    tracer.setSegment(parent);
  };
  return {
    identify({ correlationId, bulkheadMessageId, tenant }) {
      if (bulkheadMessageId !== undefined) subsegment.addAnnotation(TRACE_ANNOTATIONS.bulkheadMessageId, bulkheadMessageId);
      if (tenant !== undefined) subsegment.addAnnotation(TRACE_ANNOTATIONS.tenant, tenant);
      // The logs' correlation_id: the SNS MessageId when enveloped, else the SQS message id again.
      metadata.correlationId = correlationId;
      putMetadata();
    },
    end: finish,
    fail(error) {
      if (closed) return;
      // Business logic may have left another subsegment current; the error belongs on the record's.
      tracer.setSegment(subsegment);
      tracer.addErrorAsMetadata(error instanceof Error ? error : new Error(String(error)));
      finish("failed");
    },
  };
}

/** Closing serializes the subsegment and sends it to the X-Ray daemon; a failure there must not fail the record. */
function close(subsegment: XraySegment): void {
  try {
    subsegment.close();
  } catch (error) {
    console.warn("could not close or send the X-Ray subsegment %s; its trace data may be lost", subsegment.name, error);
  }
}
