import { posix } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset } from "cdktf";
import type { Consumer } from "../service-case.js";
import { alarm } from "./alarm.js";
import { consumerSettings } from "./consumer-settings.js";
import { CONSUMER_DEFAULTS, IDEMPOTENCY_TTL_SECONDS } from "./defaults.js";
import { literal } from "./escape.js";
// The one piece borrowed from bulkhead: handler packaging (esbuild bundle + deterministic zip).
// Sharing it keeps the packaging work identical on both sides, so the ratio measures the rest.
import { bundleHandler } from "../../patterns/blocks/bundle.js";
import { LAMBDA_TRUST_POLICY, policy } from "./policies.js";
import type { StackContext } from "./stack-context.js";

export interface ConsumerFunctionProps {
  readonly name: string;
  readonly consumer: Consumer;
  readonly queues: readonly SqsQueue[];
  /**
   * Each event source mapping's cap, always set: a subscriber's `maxConcurrency`, else its
   * reserved concurrency (at most 1000), else the default; a shard's `maxConcurrencyPerShard`,
   * else the default. See subscriberConcurrency (fanout.ts) and shardedQueue.
   */
  readonly maximumConcurrency: number;
  readonly reservedConcurrency?: number;
  readonly messageFormat: "raw" | "sns-envelope";
  readonly tags: Record<string, string>;
}

/**
 * The function that consumes one or more queues: packaged code, its own role with only
 * what it needs (its queues, its idempotency keys, its logs, the topics it publishes
 * to), one event source mapping per queue, and error/throttle alarms.
 */
export function consumerFunction(ctx: StackContext, id: string, p: ConsumerFunctionProps): void {
  const { stack, service } = ctx;
  const { fn, batchingWindowSeconds } = consumerSettings(ctx, p.consumer);
  // Only fan-outs: the bench refuses specs that send to anything else (service-from-spec.ts).
  const publishesTo = (p.consumer.sendsTo ?? []).map((pattern) => ({ pattern, topic: ctx.topics.get(pattern)! }));
  const logGroup = new CloudwatchLogGroup(stack, `${id}-logs`, { name: `/aws/lambda/${p.name}`, retentionInDays: fn.logRetentionDays, tags: p.tags });
  const role = new IamRole(stack, `${id}-role`, { name: p.name, assumeRolePolicy: LAMBDA_TRUST_POLICY, tags: p.tags });
  const rolePolicy = new IamRolePolicy(stack, `${id}-role-policy`, {
    name: "least-privilege",
    role: role.id,
    policy: policy([
      { Sid: "ConsumeQueue", Effect: "Allow", Action: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], Resource: p.queues.map((q) => q.arn) },
      {
        Sid: "IdempotencyRecords",
        Effect: "Allow",
        Action: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Resource: [ctx.idempotencyTable.arn],
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${p.name}#*`] } },
      },
      { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroup.arn}:*`] },
      ...publishesTo.map(({ pattern, topic }) => ({ Sid: `SendTo${pascalCase(pattern)}`, Effect: "Allow", Action: ["sns:Publish"], Resource: [topic.arn] })),
    ]),
  });
  const code = bundleHandler(service.projectRoot, posix.join(service.specDir, p.consumer.handler), fn.runtime);
  const asset = new TerraformAsset(stack, `${id}-code`, { path: code.zipPath, type: AssetType.FILE, assetHash: code.sourceHash.replace(/[^A-Za-z0-9]/g, "").slice(0, 32) });
  const lambda = new LambdaFunction(stack, `${id}-function`, {
    functionName: p.name,
    role: role.arn,
    runtime: fn.runtime,
    architectures: [fn.architecture],
    handler: "index.handler",
    filename: asset.path,
    sourceCodeHash: code.sourceHash,
    memorySize: fn.memoryMb,
    timeout: fn.timeoutSeconds,
    reservedConcurrentExecutions: p.reservedConcurrency,
    environment: {
      variables: {
        POWERTOOLS_SERVICE_NAME: service.service,
        POWERTOOLS_METRICS_NAMESPACE: `bulkhead/${service.service}`,
        BULKHEAD_IDEMPOTENCY_TABLE: `${service.service}-${ctx.env}-idempotency`,
        BULKHEAD_IDEMPOTENCY_TTL_SECONDS: String(IDEMPOTENCY_TTL_SECONDS),
        ...(p.consumer.idempotencyKey ? { BULKHEAD_IDEMPOTENCY_KEY: literal(p.consumer.idempotencyKey) } : {}),
        BULKHEAD_MESSAGE_FORMAT: p.messageFormat,
        BULKHEAD_QUEUE_KIND: "standard",
        ...Object.fromEntries(publishesTo.map(({ pattern, topic }) => [`BULKHEAD_TOPIC_ARN_${pattern.toUpperCase().replace(/-/g, "_")}`, topic.arn])),
      },
    },
    loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    tags: p.tags,
    dependsOn: [logGroup, rolePolicy],
  });
  p.queues.forEach((queue, i) => {
    new LambdaEventSourceMapping(stack, `${id}-source-${i}`, {
      eventSourceArn: queue.arn,
      functionName: lambda.arn,
      batchSize: p.consumer.batchSize ?? CONSUMER_DEFAULTS.batchSize,
      maximumBatchingWindowInSeconds: batchingWindowSeconds,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: p.maximumConcurrency },
      tags: p.tags,
      dependsOn: [rolePolicy],
    });
  });
  for (const metric of ["Errors", "Throttles"]) {
    alarm(ctx, `${id}-${metric.toLowerCase()}`, {
      name: `${p.name}-${metric.toLowerCase()}`,
      description: `${p.name} ${metric.toLowerCase()}: failed records retry and then go to the DLQ.`,
      namespace: "AWS/Lambda",
      metricName: metric,
      dimensions: { FunctionName: p.name },
      statistic: "Sum",
      threshold: 1,
      tags: p.tags,
    });
  }
}

/** IAM statement ids are alphanumeric: `order-events` becomes `OrderEvents`. */
function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}
