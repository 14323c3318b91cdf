import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import { ALARM_PERIOD_SECONDS } from "./defaults.js";
import type { StackContext } from "./stack-context.js";

export interface Alarm {
  readonly name: string;
  readonly description: string;
  /** AWS/SQS, AWS/Lambda, or the service's own metrics (bulkhead/<service>). */
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Sum" | "Maximum";
  readonly threshold: number;
  /** What no data means; idle is healthy (`notBreaching`) unless said otherwise. */
  readonly missingData?: "notBreaching" | "ignore";
  readonly tags: Record<string, string>;
}

/** Every alarm of the stack: at or above the threshold in one period; it notifies the environment's alarm topic, if any. */
export function alarm(ctx: StackContext, id: string, a: Alarm): void {
  const actions = ctx.alarmTopicArn ? [ctx.alarmTopicArn] : undefined;
  new CloudwatchMetricAlarm(ctx.stack, id, {
    alarmActions: actions,
    okActions: actions,
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
    treatMissingData: a.missingData ?? "notBreaching",
    tags: a.tags,
  });
}
