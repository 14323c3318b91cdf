import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { FunctionModel } from "../model/types.js";
import { thresholdAlarm } from "./alarms.js";
import { bundleZipFile, type Bundle } from "./bundle.js";
import { identityPolicy, LAMBDA_TRUST_POLICY } from "./policy-documents.js";
import { terraformLiteral } from "./literal.js";
import type { ResourceIndex } from "./resource-index.js";

/**
 * Translates a FunctionModel: bundled code, its own role and inline policy, a log
 * group created before the function (so retention applies from the first log line),
 * event source mappings with partial batch responses, and error/throttle alarms.
 */
export class ConsumerFunction extends Construct {
  constructor(scope: Construct, model: FunctionModel, index: ResourceIndex, bundle: Bundle) {
    super(scope, `function-${model.id}`);
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${model.name}`,
      retentionInDays: model.logRetentionDays,
      tags: { ...model.tags },
    });
    index.add({ kind: "logGroup", id: model.id }, logGroup.arn);
    const role = new IamRole(this, "role", {
      name: model.roleName,
      assumeRolePolicy: LAMBDA_TRUST_POLICY,
      tags: { ...model.tags },
    });
    index.add({ kind: "role", id: model.id }, role.arn);
    const policy = new IamRolePolicy(this, "policy", {
      name: "least-privilege",
      role: role.id,
      policy: identityPolicy(model.statements, index),
    });
    const asset = new TerraformAsset(this, "code", { path: bundleZipFile(bundle), type: AssetType.FILE, assetHash: bundle.sourceHash.replace(/[^A-Za-z0-9]/g, "").slice(0, 32) });
    const fn = new LambdaFunction(this, "function", {
      functionName: model.name,
      role: role.arn,
      runtime: model.runtime,
      architectures: [model.architecture],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: bundle.sourceHash,
      memorySize: model.memoryMb,
      timeout: model.timeoutSeconds,
      reservedConcurrentExecutions: model.reservedConcurrency,
      tracingConfig: { mode: model.tracing ? "Active" : "PassThrough" },
      environment: {
        variables: Object.fromEntries(Object.entries(model.environment).map(([k, v]) => [k, typeof v === "string" ? terraformLiteral(v) : index.arn(v)])),
      },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      tags: { ...model.tags },
      dependsOn: [logGroup, policy],
    });
    index.add({ kind: "function", id: model.id }, fn.arn);
    model.eventSources.forEach((source, i) => {
      new LambdaEventSourceMapping(this, `source-${i}`, {
        eventSourceArn: index.arn(source.queue),
        functionName: fn.arn,
        batchSize: source.batchSize,
        maximumBatchingWindowInSeconds: source.maximumBatchingWindowSeconds,
        functionResponseTypes: source.reportBatchItemFailures ? ["ReportBatchItemFailures"] : [],
        ...(source.maximumConcurrency ? { scalingConfig: { maximumConcurrency: source.maximumConcurrency } } : {}),
        tags: { ...model.tags },
        dependsOn: [policy],
      });
    });
    for (const [metric, threshold] of [["Errors", model.alarms.errorsThreshold], ["Throttles", model.alarms.throttlesThreshold]] as const) {
      thresholdAlarm(this, {
        id: metric.toLowerCase(),
        nameParts: [model.name, metric.toLowerCase()],
        namespace: "AWS/Lambda",
        metricName: metric,
        dimensions: { FunctionName: model.name },
        statistic: "Sum",
        threshold,
        periodSeconds: model.alarms.periodSeconds,
        description: `${model.name} ${metric.toLowerCase()}: failed records retry and then go to the DLQ.`,
        tags: model.tags,
      });
    }
    for (const alarm of model.metricAlarms) {
      thresholdAlarm(this, {
        id: `metric-${alarm.id}`,
        nameParts: [model.name, alarm.id],
        namespace: alarm.namespace,
        metricName: alarm.metricName,
        dimensions: { ...alarm.dimensions },
        statistic: alarm.statistic,
        threshold: alarm.threshold,
        periodSeconds: alarm.periodSeconds,
        description: alarm.description,
        tags: model.tags,
      });
    }
  }
}
