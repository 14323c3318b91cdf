import type { ServiceModel } from "../../patterns/model/types.js";
import { DEFAULT_ASSUMPTIONS, IDEMPOTENCY_ITEM_BYTES, IDLE_POLLERS_PER_MAPPING, LONG_POLL_SECONDS, RUNTIME_METRICS_PER_FUNCTION, SECONDS_PER_MONTH, type Assumptions } from "./assumptions.js";
import type { Estimate } from "./estimate.js";
import type { PriceTable } from "./prices.js";

/** Every assumption behind the figures, in words, with the flag that changes it where there is one. */
export function assumptionNotes(model: ServiceModel, prices: PriceTable, a: Assumptions, estimate: Estimate): string[] {
  const flag = (value: number, name: keyof Assumptions, option: string) => (value === DEFAULT_ASSUMPTIONS[name] ? `${option}, default` : option);
  const traced = model.functions.filter((f) => f.tracing);
  const reservoirTraces = SECONDS_PER_MONTH;
  const reservoirUsd = (reservoirTraces * prices.prices["xray.tracesRecordedPerMillion"]) / 1e6;
  const emptyPerMapping = IDLE_POLLERS_PER_MAPPING * (SECONDS_PER_MONTH / LONG_POLL_SECONDS);
  return [
    `list prices of ${prices.region} compiled on ${prices.compiled} (${prices.file}): on-demand, first tier, before free tiers; a month is 730 hours`,
    `a record takes ${a.durationMs} ms (${flag(a.durationMs, "durationMs", "--duration-ms")}); an invocation runs its batch's records one after another, so Lambda GB-s = records × duration × memory`,
    `a message is ${a.messageBytes} bytes, body and attributes (${flag(a.messageBytes, "messageBytes", "--message-bytes")}); every 64 KiB of a request's payload bills as one SQS or SNS request`,
    "batches are full: one invocation per batch size, one receive per 10 messages (SQS's most per receive), deletes batched by 10; at low rates pollers find fewer messages, and invocations, receives and deletes rise up to batch-size times",
    `idle polling: ${IDLE_POLLERS_PER_MAPPING} pollers per event source mapping (AWS documents that Lambda scales back to five concurrent batches at low traffic; the drop to 2 is off when maximum concurrency is set, as bulkhead sets it), each long-polling ${LONG_POLL_SECONDS} s: at most 3 empty receives a minute, ${fmtCount(emptyPerMapping)} a month per mapping, counted in full as a fixed cost (an upper bound: busy pollers receive messages instead)`,
    "a fan-out's delivery to each SQS subscriber is free on the SNS side; the queue's enqueue is counted as one SQS request per 64 KiB (an upper bound if SQS does not bill it); a non-raw delivery weighs twice the payload plus the 1,536-byte envelope",
    `idempotency: 2 write units per new record (Powertools' conditional put of INPROGRESS, then the update to COMPLETED; no read when the put succeeds), items of ${IDEMPOTENCY_ITEM_BYTES} bytes with DynamoDB's per-item overhead, kept for each function's TTL (TTL deletion is free and may lag by days) and backed up by point-in-time recovery at the same size`,
    "every message runs once: no duplicates, failures, retries, deferrals to a low lane, expiries or tenant rejections",
    `logs: ${a.logBytesPerInvocation} bytes an invocation (${flag(a.logBytesPerInvocation, "logBytesPerInvocation", "--log-bytes")}): Lambda's START, END and REPORT lines and the runtime's EMF line; a handler's own log lines come on top; stored uncompressed for each function's retention`,
    `custom metrics: the runtime's ${RUNTIME_METRICS_PER_FUNCTION} EMF metrics (one dimension set, service and function) per consumer that has traffic; an idle consumer emits none`,
    traced.length === 0
      ? "X-Ray: no function in this model has active tracing, so no traces are counted"
      : `X-Ray: ${a.traceSampling * 100}% of each traced function's invocations recorded (${flag(a.traceSampling, "traceSampling", "--trace-sampling")}), each invocation a trace of its own (X-Ray links it to its messages' traces); a traced topic's publish joins its publisher's trace, so topics add none for publishers in the service (publishers outside it that do not trace start their own, not counted); Lambda's sampling rule also records the first request each second, not counted: up to ${fmtCount(reservoirTraces)} traces ($${reservoirUsd.toFixed(2)}) a month more per traced function invoked every second (${traced.length} traced)`,
    "a pattern's rate pays for the sends into it (publish, SendMessage, a claim-check PUT); what a consumer sends on is costed under the pattern it sends to, which needs its own --rate",
    ...estimate.traffic.flatMap((t) => t.notes),
  ];
}

/** What the estimate leaves out, general and for this model. */
export function exclusionNotes(model: ServiceModel, prices: PriceTable, estimate: Estimate): string[] {
  const bodyFilters = model.subscriptions.filter((s) => s.filterPolicyScope === "MessageBody" && s.filterPolicy);
  return [
    `free tiers (${Object.entries(prices.freeTiers).map(([service, tier]) => `${service}: ${tier}`).join("; ")})`,
    "data transfer (free between these services within a region; cross-region and internet egress are not)",
    "KMS requests: topics use the AWS-managed SNS key (each publish may call KMS, data keys are reused for a while), queues SQS-managed encryption (no KMS calls)" + (model.alarmTopic ? ", and the alarm topic's key is charged per request beyond the free 20,000 a month" : ""),
    "volume discounts of the higher tiers, Savings Plans, and any negotiated pricing",
    "CloudWatch API calls, Logs Insights queries, alarm notifications (SNS email and HTTPS deliveries), AWS Budgets",
    "SSM Parameter Store (routing tables are standard parameters, no charge) and Secrets Manager secrets or API calls a handler makes",
    ...(model.routingTables.some((r) => r.publication.kind === "s3") ? ["the routing tables published to S3 (one small versioned object each, read by producers outside the service)"] : []),
    "what the handlers do beyond the runtime: their own reads, writes, calls and log lines",
    ...(bodyFilters.length > 0 ? [`SNS payload-based filtering, charged per GB of payload scanned (${bodyFilters.map((s) => s.id).join(", ")})`] : []),
    ...estimate.unpriced,
  ];
}

export function fmtCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
