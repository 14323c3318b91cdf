import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";

/** Metric names a consumer emits (EMF, one data point each per invocation); alarms refer to them. */
export const CONSUMER_METRICS = {
  processed: "processed",
  duplicate: "duplicate",
  failed: "failed",
  deferredForTime: "deferredForTime",
  /** Priority lanes: moved to the low lane unrun. */
  deferred: "deferred",
  /** Priority lanes: dropped unrun, older than expireAfterSeconds. */
  expired: "expired",
  /** Tenant-aware queues: sent to the DLQ unrun, for a tenant the queue does not serve (or none). */
  tenantRejected: "tenantRejected",
} as const;

/** What happened to the records of one batch. */
export class BatchTally {
  readonly size: number;
  processed = 0;
  duplicate = 0;
  deferredForTime = 0;
  deferred = 0;
  expired = 0;
  tenantRejected = 0;

  constructor(size: number) {
    this.size = size;
  }

  /**
   * Every other record was reported for retry: its work threw, or, on a FIFO queue, it was held back
   * behind a failed record of its message group without being handed to the runtime at all; or it
   * was set aside unrun and its dead-letter or deferral send failed.
   */
  get failed(): number {
    return this.size - this.processed - this.duplicate - this.deferredForTime - this.deferred - this.expired - this.tenantRejected;
  }

  /** Zeros are emitted too, so an alarm on `failed` sees 0 rather than missing data. */
  addTo(metrics: Metrics): void {
    metrics.addMetric(CONSUMER_METRICS.processed, MetricUnit.Count, this.processed);
    metrics.addMetric(CONSUMER_METRICS.duplicate, MetricUnit.Count, this.duplicate);
    metrics.addMetric(CONSUMER_METRICS.failed, MetricUnit.Count, this.failed);
    metrics.addMetric(CONSUMER_METRICS.deferredForTime, MetricUnit.Count, this.deferredForTime);
    metrics.addMetric(CONSUMER_METRICS.deferred, MetricUnit.Count, this.deferred);
    metrics.addMetric(CONSUMER_METRICS.expired, MetricUnit.Count, this.expired);
    metrics.addMetric(CONSUMER_METRICS.tenantRejected, MetricUnit.Count, this.tenantRejected);
  }
}
