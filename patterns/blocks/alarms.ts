import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import type { Construct } from "constructs";
import { AWS_LIMITS } from "../model/limits.js";
import { resourceName } from "../model/naming.js";
import type { Tags } from "../model/types.js";

export interface AlarmProps {
  readonly id: string;
  readonly nameParts: readonly string[];
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Sum" | "Maximum";
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly description: string;
  /** What a silent metric means: `notBreaching` (idle is healthy) unless said otherwise. */
  readonly missingData?: "notBreaching" | "ignore";
  readonly tags: Tags;
}

/** Where every alarm of a stack notifies; the stack sets it once for all its building blocks. */
export const ALARM_ACTIONS_CONTEXT = "bulkhead:alarmActions";

/** One alarm shape for every building block: at or above a threshold in one period; no data is fine. */
export function thresholdAlarm(scope: Construct, p: AlarmProps): CloudwatchMetricAlarm {
  const actions = (scope.node.tryGetContext(ALARM_ACTIONS_CONTEXT) as string[] | undefined) ?? [];
  return new CloudwatchMetricAlarm(scope, p.id, {
    ...(actions.length > 0 ? { alarmActions: actions, okActions: actions } : {}),
    alarmName: resourceName(p.nameParts, AWS_LIMITS.alarmNameLength),
    alarmDescription: p.description,
    namespace: p.namespace,
    metricName: p.metricName,
    dimensions: p.dimensions,
    statistic: p.statistic,
    period: p.periodSeconds,
    evaluationPeriods: 1,
    threshold: p.threshold,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: p.missingData ?? "notBreaching",
    tags: { ...p.tags },
  });
}
