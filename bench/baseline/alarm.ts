import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct } from "constructs";
import { ALARM_PERIOD_SECONDS } from "./defaults.js";

export interface Alarm {
  readonly name: string;
  readonly description: string;
  readonly namespace: "AWS/SQS" | "AWS/Lambda";
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Sum" | "Maximum";
  readonly threshold: number;
  readonly tags: Record<string, string>;
}

/** Every alarm of the stack: at or above the threshold in one period; no data is fine. */
export function alarm(scope: Construct, id: string, a: Alarm): void {
  new CloudwatchMetricAlarm(scope, id, {
    alarmName: a.name,
    alarmDescription: a.description,
    namespace: a.namespace,
    metricName: a.metricName,
    dimensions: a.dimensions,
    statistic: a.statistic,
    period: ALARM_PERIOD_SECONDS,
    evaluationPeriods: 1,
    threshold: a.threshold,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    tags: a.tags,
  });
}
