import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";
import { AssetType, TerraformAsset } from "cdktf";
import type { Consumer } from "../service-case.js";
import { alarm } from "./alarm.js";
import { consumerSettings } from "./consumer-settings.js";
import { CONSUMER_DEFAULTS, TRACING } from "./defaults.js";
import { literal } from "./escape.js";
import { LAMBDA_TRUST_POLICY, policy, QUEUE_SEND } from "./policies.js";
import { sendRights } from "./send-rights.js";
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
  /** What the pattern adds (priority lanes): see LaneExtras. */
  readonly lane?: LaneExtras;
  /** What a consumer of tenant-aware queues adds (sharded queue, tenant silo): see TenancyExtras. */
  readonly tenancy?: TenancyExtras;
}

/** A priority lane's consumer: keys in the pattern's shared scope, its own variables, the deferral grant, the expiry alarm. */
export interface LaneExtras {
  /** Idempotency keys of every lane of the pattern start with it, instead of the function's name. */
  readonly idempotencyScope: string;
  readonly environment: Record<string, string>;
  /** The low lane, which the high and surge lanes defer aged work to. */
  readonly deferTo?: SqsQueue;
}

/** A consumer that checks each record's tenant against what its queue serves. */
export interface TenancyExtras {
  /** Its queues' DLQs, where a record for a tenant its queue does not serve goes unrun. */
  readonly deadLetters: readonly SqsQueue[];
  /** BULKHEAD_TENANT (a silo) or BULKHEAD_TENANCY_PATTERN (a sharded consumer), and where the tenant's data is. */
  readonly environment: Record<string, string>;
  /** A silo's grants on its tenant's slice of the shared data. */
  readonly statements?: readonly object[];
}

/**
 * The function that consumes one or more queues: packaged code, its own role with only
 * what it needs (its queues, its idempotency keys, its logs, what it sends to), one
 * event source mapping per queue, and alarms on failed records, errors and throttles.
 */
export function consumerFunction(ctx: StackContext, id: string, p: ConsumerFunctionProps): void {
  const { stack, service } = ctx;
  const { fn, batchingWindowSeconds, idempotencyWindowSeconds, timeMarginMs } = consumerSettings(ctx, p.consumer);
  const sends = sendRights(ctx, p.consumer.sendsTo ?? []);
  const tracing = service.tracing ?? TRACING;
  const logGroup = new CloudwatchLogGroup(stack, `${id}-logs`, { name: `/aws/lambda/${p.name}`, retentionInDays: fn.logRetentionDays, tags: p.tags });
  const role = new IamRole(stack, `${id}-role`, { name: p.name, assumeRolePolicy: LAMBDA_TRUST_POLICY, tags: p.tags });
  // Queue and topic policies made before this function trust it by this role (senders.ts).
  ctx.roles.set(p.name, role);
  const rolePolicy = new IamRolePolicy(stack, `${id}-role-policy`, {
    name: "least-privilege",
    role: role.id,
    policy: policy([
      // What the event source mapping polls with; the handler library never changes a message's visibility.
      { Sid: "ConsumeQueue", Effect: "Allow", Action: ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], Resource: p.queues.map((q) => q.arn) },
      {
        Sid: "IdempotencyRecords",
        Effect: "Allow",
        Action: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Resource: [ctx.idempotencyTable.arn],
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${p.lane?.idempotencyScope ?? p.name}#*`] } },
      },
      { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroup.arn}:*`] },
      // X-Ray has no resource-level permissions: "*" is the only resource it takes.
      ...(tracing ? [{ Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: ["*"] }] : []),
      ...(p.lane?.deferTo ? [{ Sid: "DeferToLowLane", Effect: "Allow", Action: QUEUE_SEND.allow, Resource: [p.lane.deferTo.arn] }] : []),
      ...(p.tenancy ? [{ Sid: "DeadLetterOtherTenants", Effect: "Allow", Action: QUEUE_SEND.allow, Resource: p.tenancy.deadLetters.map((q) => q.arn) }] : []),
      ...(p.tenancy?.statements ?? []),
      ...sends.statements,
    ]),
  });
  // Bundled before any stack is built (handwritten.ts).
  const code = ctx.code.get(p.name)!;
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
    tracingConfig: { mode: tracing ? "Active" : "PassThrough" },
    environment: {
      variables: {
        POWERTOOLS_SERVICE_NAME: service.service,
        POWERTOOLS_METRICS_NAMESPACE: `bulkhead/${service.service}`,
        BULKHEAD_IDEMPOTENCY_TABLE: `${service.service}-${ctx.env}-idempotency`,
        // A lane's own scope and TTL replace these (p.lane.environment).
        BULKHEAD_IDEMPOTENCY_TTL_SECONDS: String(idempotencyWindowSeconds),
        ...(p.consumer.idempotencyKey ? { BULKHEAD_IDEMPOTENCY_KEY: literal(p.consumer.idempotencyKey) } : {}),
        BULKHEAD_MESSAGE_FORMAT: p.messageFormat,
        BULKHEAD_QUEUE_KIND: "standard",
        BULKHEAD_TIME_MARGIN_MS: String(timeMarginMs),
        ...(tracing ? {} : { POWERTOOLS_TRACE_ENABLED: "false" }),
        ...p.lane?.environment,
        ...p.tenancy?.environment,
        ...sends.environment,
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
  if (p.lane) {
    alarm(ctx, `${id}-expired`, {
      name: `${p.name}-expired`,
      description: `${p.name} dropped work older than its priority queue's expireAfterSeconds, unrun: the lanes do not keep up.`,
      namespace: `bulkhead/${service.service}`,
      metricName: "expired",
      dimensions: { service: service.service, function: p.name },
      statistic: "Sum",
      threshold: 1,
      tags: p.tags,
    });
  }
  // With partial batch responses a failed record is no Lambda error: the handler library counts it as `failed`.
  alarm(ctx, `${id}-failed`, {
    name: `${p.name}-failed`,
    description: `${p.name} reported records for retry: they fail, retry and then go to the DLQ (Lambda's Errors does not count them).`,
    namespace: `bulkhead/${service.service}`,
    metricName: "failed",
    dimensions: { service: service.service, function: p.name },
    statistic: "Sum",
    threshold: 1,
    tags: p.tags,
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
