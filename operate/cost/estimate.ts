import type { FunctionModel, QueueModel, ServiceModel } from "../../patterns/model/types.js";
import { consumerOf, patternViews, type PatternView } from "../model-view.js";
import {
  BACKLOG_READ_INTERVAL_SECONDS,
  GIB,
  IDEMPOTENCY_ITEM_BYTES,
  IDEMPOTENCY_WRITES_PER_RECORD,
  IDLE_POLLERS_PER_MAPPING,
  LONG_POLL_SECONDS,
  MESSAGES_PER_DELETE,
  MESSAGES_PER_RECEIVE,
  REQUEST_CHUNK_BYTES,
  RUNTIME_METRICS_PER_FUNCTION,
  SECONDS_PER_MONTH,
  type Assumptions,
} from "./assumptions.js";
import type { PriceKey, PriceTable } from "./prices.js";
import type { Rates } from "./rates.js";
import { patternTraffic, type PatternTraffic, type QueueTraffic } from "./traffic.js";

export type CostKind =
  | "Lambda requests"
  | "Lambda GB-seconds (arm64)"
  | "Lambda GB-seconds (x86_64)"
  | "SQS requests"
  | "SNS publishes"
  | "DynamoDB writes"
  | "DynamoDB storage"
  | "DynamoDB backups (PITR)"
  | "CloudWatch alarms"
  | "CloudWatch dashboards"
  | "CloudWatch custom metrics"
  | "CloudWatch Logs ingestion"
  | "CloudWatch Logs storage"
  | "X-Ray traces"
  | "S3 requests"
  | "S3 storage"
  | "KMS keys";

/** One priced quantity a month. `fixed` lines do not move with the rates; `variable` ones are proportional to them. */
export interface CostLine {
  /** A pattern, or `(stack)` for what the stack has once. */
  readonly pattern: string;
  readonly kind: CostKind;
  readonly detail: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
  readonly scaling: "fixed" | "variable";
}

export interface Estimate {
  readonly lines: readonly CostLine[];
  readonly traffic: readonly PatternTraffic[];
  /** What this model has that the estimate does not price. */
  readonly unpriced: readonly string[];
}

export const STACK = "(stack)";

/** The monthly cost of one stack at the given rates, line by line, from its resolved model and a price table. */
export function estimate(model: ServiceModel, prices: PriceTable, rates: Rates, a: Assumptions): Estimate {
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  const price = (k: PriceKey) => prices.prices[k];
  const add = (pattern: string, kind: CostKind, detail: string, quantity: number, unit: string, unitPrice: number, scaling: CostLine["scaling"]) => {
    // Nothing flows (a pattern without a rate): no line, at any multiple of the rates either.
    if (quantity === 0) return;
    lines.push({ pattern, kind, detail, quantity, unit, usd: quantity * unitPrice, scaling });
  };
  const sqsPrice = (q: QueueModel) => price(q.fifo ? "sqs.fifoRequestsPerMillion" : "sqs.standardRequestsPerMillion") / 1e6;
  const month = SECONDS_PER_MONTH;
  const traffic = patternViews(model).map((view) => patternTraffic(model, view, rates, a.messageBytes));

  for (const t of traffic) {
    const p = t.view.name;
    // Into the pattern: the publish, or the producers' sends.
    if (t.publish) {
      if (t.publish.topic.fifo) unpriced.push(`SNS FIFO topic ${t.publish.topic.name}: FIFO publishes and deliveries are priced per request and per GB, not in the price table (its queues' SQS requests are counted)`);
      else add(p, "SNS publishes", `publishes of ${t.publish.bytes} B into ${t.publish.topic.name}, ${chunks(t.publish.bytes)} request(s) each`, t.rate * month * chunks(t.publish.bytes), "publishes", price("sns.standardPublishesPerMillion") / 1e6, "variable");
    }
    for (const q of t.queues) {
      const who = q.sentBy === "sns" ? "deliveries from SNS" : "sends";
      add(p, "SQS requests", `${who} into ${q.queue.name} (${q.part}), ${chunks(q.queueBytes)} request(s) per ${q.queueBytes} B message`, q.messagesPerSecond * month * chunks(q.queueBytes), "requests", sqsPrice(q.queue), "variable");
    }
    if (t.claimCheck) {
      add(p, "S3 requests", `claim-check PUT of each ${t.claimCheck.bytes} B body`, t.rate * month, "PUTs", price("s3.putPerThousand") / 1e3, "variable");
      const stored = (t.rate * t.claimCheck.lifetimeSeconds * t.claimCheck.bytes) / GIB;
      add(p, "S3 storage", `claim-check bodies kept ${t.claimCheck.lifetimeSeconds / 86_400} d by the bucket's lifecycle`, stored, "GB-month", price("s3.standardStoragePerGbMonth"), "variable");
    }
    // Out of each queue: Lambda polls, receives, runs and deletes; the runtime writes idempotency records, logs and metrics.
    for (const q of t.queues) consume(t.view, q);
    fixedCosts(t);
  }

  const dashboards = model.dashboards;
  if (dashboards.length > 0) add(STACK, "CloudWatch dashboards", dashboards.map((d) => d.name).join(", "), dashboards.length, "dashboards", price("cloudwatch.dashboardPerMonth"), "fixed");
  if (model.alarmTopic) add(STACK, "KMS keys", `the alarm topic's key ${model.alarmTopic.keyAlias} (each yearly rotation adds $1 a month)`, 1, "keys", price("kms.customerManagedKeyPerMonth"), "fixed");
  for (const b of model.buckets.filter((b) => b.id !== "claim-check")) unpriced.push(`bucket ${b.namePrefix}…: the data handlers keep there`);
  for (const t of model.tables.filter((t) => t.id !== "idempotency")) unpriced.push(`table ${t.name}: the items handlers read and write`);
  if (model.budget) unpriced.push(`the AWS Budgets budget ${model.budget.name} (see AWS Budgets pricing; not in the price table)`);
  return { lines, traffic, unpriced };

  function consume(view: PatternView, q: QueueTraffic): void {
    const fn = consumerOf(view, q.queue);
    const source = fn?.eventSources.find((e) => e.queue.id === q.queue.id);
    if (!fn || !source) return;
    const p = view.name;
    const messages = q.messagesPerSecond * month;
    const perReceive = Math.min(source.batchSize, MESSAGES_PER_RECEIVE);
    const receives = (messages * chunks(perReceive * q.queueBytes)) / perReceive;
    const deletes = messages / Math.min(source.batchSize, MESSAGES_PER_DELETE);
    add(p, "SQS requests", `${fn.name}: receives of ${perReceive} and batched deletes from ${q.queue.name}`, receives + deletes, "requests", sqsPrice(q.queue), "variable");
    const invocations = messages / source.batchSize;
    add(p, "Lambda requests", `${fn.name}: one invocation per batch of ${source.batchSize}`, invocations, "invocations", price("lambda.requestsPerMillion") / 1e6, "variable");
    const gbSeconds = (messages * (a.durationMs / 1000) * fn.memoryMb) / 1024;
    add(p, `Lambda GB-seconds (${fn.architecture})`, `${fn.name}: ${a.durationMs} ms a record at ${fn.memoryMb} MB`, gbSeconds, "GB-s", price(`lambda.gbSecond.${fn.architecture}`), "variable");
    if (fn.idempotency) {
      const writeUnits = Math.ceil(IDEMPOTENCY_ITEM_BYTES / 1024);
      add(p, "DynamoDB writes", `${fn.name}: INPROGRESS put and COMPLETED update per record`, messages * IDEMPOTENCY_WRITES_PER_RECORD * writeUnits, "write units", price("dynamodb.onDemandWriteUnitsPerMillion") / 1e6, "variable");
      const stored = (q.messagesPerSecond * fn.idempotency.ttlSeconds * IDEMPOTENCY_ITEM_BYTES) / GIB;
      add(p, "DynamoDB storage", `${fn.name}: records kept ${Math.round(fn.idempotency.ttlSeconds / 86_400)} d (TTL)`, stored, "GB-month", price("dynamodb.storagePerGbMonth"), "variable");
      const table = model.tables.find((t) => t.id === fn.idempotency!.table.id);
      if (table?.pointInTimeRecovery) add(p, "DynamoDB backups (PITR)", `${fn.name}: point-in-time recovery of those records`, stored, "GB-month", price("dynamodb.pitrPerGbMonth"), "variable");
    }
    const logGb = (invocations * a.logBytesPerInvocation) / GIB;
    add(p, "CloudWatch Logs ingestion", `${fn.name}: ${a.logBytesPerInvocation} B an invocation`, logGb, "GB", price("cloudwatch.logsIngestionPerGb"), "variable");
    add(p, "CloudWatch Logs storage", `${fn.name}: kept ${fn.logRetentionDays} d, uncompressed`, (logGb * fn.logRetentionDays * 86_400) / month, "GB-month", price("cloudwatch.logsStoragePerGbMonth"), "variable");
    if (fn.tracing) add(p, "X-Ray traces", `${fn.name}: ${a.traceSampling * 100}% of invocations recorded`, invocations * a.traceSampling, "traces", price("xray.tracesRecordedPerMillion") / 1e6, "variable");
    if (q.byReference) add(p, "S3 requests", `${fn.name}: claim-check GET per message`, messages, "GETs", price("s3.getPerThousand") / 1e3, "variable");
  }

  function fixedCosts(t: PatternTraffic): void {
    const p = t.view.name;
    const queueAlarms = t.view.queues.reduce((n, q) => n + 1 + (q.deadLetterQueue ? 1 : 0), 0);
    const functionAlarms = t.view.consumers.reduce((n, f) => n + 2 + f.metricAlarms.length, 0);
    add(p, "CloudWatch alarms", `${queueAlarms} on queues and DLQs, ${functionAlarms} on functions`, queueAlarms + functionAlarms, "alarms", price("cloudwatch.standardAlarmPerMonth"), "fixed");
    for (const fn of t.view.consumers) {
      for (const source of fn.eventSources) {
        const queue = t.view.queues.find((q) => q.id === source.queue.id)!;
        const empty = IDLE_POLLERS_PER_MAPPING * (month / LONG_POLL_SECONDS);
        add(p, "SQS requests", `${fn.name}: empty receives of ${IDLE_POLLERS_PER_MAPPING} idle pollers on ${queue.name}`, empty, "requests", sqsPrice(queue), "fixed");
      }
      const busy = t.queues.some((q) => q.messagesPerSecond > 0 && fn.eventSources.some((e) => e.queue.id === q.queue.id));
      if (busy) add(p, "CloudWatch custom metrics", `${fn.name}: ${RUNTIME_METRICS_PER_FUNCTION} EMF metrics, dimensions service and function`, RUNTIME_METRICS_PER_FUNCTION, "metrics", price("cloudwatch.customMetricPerMonth"), "fixed");
    }
    const surge = t.view.queues.find((q) => q.priorityLane?.lane === "surge");
    const high = t.view.queues.find((q) => q.priorityLane?.lane === "high");
    if (surge && high && t.rate > 0) {
      for (const sender of sendersOf(model, p)) {
        add(p, "SQS requests", `${sender.name}: reads the high lane's backlog every ${BACKLOG_READ_INTERVAL_SECONDS} s (one warm environment)`, month / BACKLOG_READ_INTERVAL_SECONDS, "requests", sqsPrice(high), "fixed");
      }
    }
  }
}

function sendersOf(model: ServiceModel, pattern: string): FunctionModel[] {
  return model.functions.filter((f) => f.sendsTo.includes(pattern));
}

/** Requests a payload of this size is billed as: one per 64 KiB or part of it. */
function chunks(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / REQUEST_CHUNK_BYTES));
}
