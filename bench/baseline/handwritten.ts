/**
 * The baseline: the SNS fan-out bulkhead generates, written by hand the way a team
 * would without bulkhead: one cdktf stack per environment, deep provider imports, a
 * loop over the subscribers, the defaults as constants. No spec parsing, validation,
 * guardrails or model. Usage: handwritten.ts CASE_JSON OUT_DIR
 */
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import { App, AssetType, Fn, LocalBackend, TerraformAsset, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { FanoutCase, Subscriber } from "../fanout-case.js";
import { packageHandler } from "./package-handler.js";

const FUNCTION_DEFAULTS = { runtime: "nodejs22.x", architecture: "arm64", memoryMb: 256, timeoutSeconds: 30, logRetentionDays: 30 };
const QUEUE_DEFAULTS = { maxReceiveCount: 5, messageRetentionSeconds: 4 * 24 * 3600, oldestMessageAlarmSeconds: 300 };
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;
const ALARM_PERIOD_SECONDS = 300;
const IDEMPOTENCY_TTL_SECONDS = 3600;

const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

// Terraform's jsonencode, as bulkhead writes policies, so both sides emit the same attribute values.
function policy(statements: object[]): string {
  return Fn.jsonencode({ Version: "2012-10-17", Statement: statements });
}

function denyInsecureTransport(arn: string) {
  return { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "*", Resource: arn, Condition: { Bool: { "aws:SecureTransport": "false" } } };
}

function allowTopic(queueArn: string, topicArn: string) {
  return {
    Sid: "AllowDeclaredTopics",
    Effect: "Allow",
    Principal: { Service: "sns.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: queueArn,
    Condition: { ArnEquals: { "aws:SourceArn": [topicArn] } },
  };
}

interface Alarm {
  readonly name: string;
  readonly description: string;
  readonly namespace: "AWS/SQS" | "AWS/Lambda";
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Sum" | "Maximum";
  readonly threshold: number;
  readonly tags: Record<string, string>;
}

function alarm(scope: Construct, id: string, a: Alarm): void {
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

class FanoutStack extends TerraformStack {
  private readonly prefix: string;
  private readonly topic: SnsTopic;
  private readonly table: DynamodbTable;

  constructor(scope: Construct, private readonly fanout: FanoutCase, private readonly env: string) {
    super(scope, `${fanout.service}-${env}`);
    this.prefix = `${fanout.service}-${env}-${fanout.topic}`;
    new AwsProvider(this, "aws", { region: fanout.region, defaultTags: [{ tags: { service: fanout.service, environment: env, "managed-by": "bulkhead" } }] });
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" });
    new LocalBackend(this, { path: "terraform.tfstate" });
    this.topic = new SnsTopic(this, "topic", { name: this.prefix, kmsMasterKeyId: "alias/aws/sns", tags: { "bulkhead:pattern": fanout.topic } });
    new SnsTopicPolicy(this, "topic-policy", { arn: this.topic.arn, policy: policy([denyInsecureTransport(this.topic.arn)]) });
    this.table = new DynamodbTable(this, "idempotency", {
      name: `${fanout.service}-${env}-idempotency`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attribute: [{ name: "id", type: "S" }],
      ttl: { attributeName: "expiration", enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      tags: { "bulkhead:pattern": "idempotency" },
    });
    for (const [name, subscriber] of Object.entries(fanout.subscribers)) this.subscriber(name, subscriber);
  }

  private subscriber(id: string, s: Subscriber): void {
    const fn = { ...FUNCTION_DEFAULTS, ...this.fanout.defaults.function, ...s.function };
    const queueSettings = { ...QUEUE_DEFAULTS, ...this.fanout.defaults.queue, ...s.queue };
    const batchingWindow = s.batchingWindowSeconds ?? 0;
    const raw = s.rawMessageDelivery ?? true;
    const name = `${this.prefix}-${id}`;
    const tags = { "bulkhead:pattern": this.fanout.topic, "bulkhead:subscriber": id };

    const dlq = new SqsQueue(this, `${id}-dlq`, { name: `${name}-dlq`, messageRetentionSeconds: DLQ_RETENTION_SECONDS, sqsManagedSseEnabled: true, tags });
    const queue = new SqsQueue(this, `${id}-queue`, {
      name,
      // Six function timeouts plus the batching window: a retried slow batch is not redelivered.
      visibilityTimeoutSeconds: s.visibilityTimeoutSeconds ?? 6 * fn.timeoutSeconds + batchingWindow,
      messageRetentionSeconds: queueSettings.messageRetentionSeconds,
      receiveWaitTimeSeconds: 20,
      maxMessageSize: 262_144,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: queueSettings.maxReceiveCount }),
      tags,
    });
    new SqsQueuePolicy(this, `${id}-queue-policy`, { queueUrl: queue.url, policy: policy([denyInsecureTransport(queue.arn), allowTopic(queue.arn, this.topic.arn)]) });
    new SqsQueuePolicy(this, `${id}-dlq-policy`, { queueUrl: dlq.url, policy: policy([denyInsecureTransport(dlq.arn), allowTopic(dlq.arn, this.topic.arn)]) });
    new SqsQueueRedriveAllowPolicy(this, `${id}-dlq-redrive-allow`, {
      queueUrl: dlq.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [queue.arn] }),
    });
    new SnsTopicSubscription(this, `${id}-subscription`, {
      topicArn: this.topic.arn,
      protocol: "sqs",
      endpoint: queue.arn,
      rawMessageDelivery: raw,
      ...(s.filter ? { filterPolicy: JSON.stringify(s.filter), filterPolicyScope: s.filterScope === "body" ? "MessageBody" : "MessageAttributes" } : {}),
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }),
    });
    alarm(this, `${id}-oldest-message-age`, {
      name: `${name}-oldest-message-age`,
      description: `Messages in ${name} wait longer than ${queueSettings.oldestMessageAlarmSeconds} s: the consumer is failing or too slow.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: name },
      statistic: "Maximum",
      threshold: queueSettings.oldestMessageAlarmSeconds,
      tags,
    });
    alarm(this, `${id}-dlq-depth`, {
      name: `${name}-dlq-depth`,
      description: `${name}-dlq holds failed messages from ${name}: inspect and redrive them.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: `${name}-dlq` },
      statistic: "Maximum",
      threshold: 1,
      tags,
    });

    const logGroup = new CloudwatchLogGroup(this, `${id}-logs`, { name: `/aws/lambda/${name}`, retentionInDays: fn.logRetentionDays, tags });
    const role = new IamRole(this, `${id}-role`, { name, assumeRolePolicy: LAMBDA_TRUST_POLICY, tags });
    const rolePolicy = new IamRolePolicy(this, `${id}-role-policy`, {
      name: "least-privilege",
      role: role.id,
      policy: policy([
        { Sid: "ConsumeQueue", Effect: "Allow", Action: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], Resource: [queue.arn] },
        {
          Sid: "IdempotencyRecords",
          Effect: "Allow",
          Action: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
          Resource: [this.table.arn],
          Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${name}#*`] } },
        },
        { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroup.arn}:*`] },
      ]),
    });
    const code = packageHandler(this.fanout.projectRoot, posix.join(this.fanout.specDir, s.handler), fn.runtime);
    const asset = new TerraformAsset(this, `${id}-code`, { path: code.zipPath, type: AssetType.FILE, assetHash: code.sourceHash.replace(/[^A-Za-z0-9]/g, "").slice(0, 32) });
    const lambda = new LambdaFunction(this, `${id}-function`, {
      functionName: name,
      role: role.arn,
      runtime: fn.runtime,
      architectures: [fn.architecture],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: code.sourceHash,
      memorySize: fn.memoryMb,
      timeout: fn.timeoutSeconds,
      reservedConcurrentExecutions: s.reservedConcurrency,
      environment: {
        variables: {
          POWERTOOLS_SERVICE_NAME: this.fanout.service,
          POWERTOOLS_METRICS_NAMESPACE: `bulkhead/${this.fanout.service}`,
          BULKHEAD_IDEMPOTENCY_TABLE: `${this.fanout.service}-${this.env}-idempotency`,
          BULKHEAD_IDEMPOTENCY_TTL_SECONDS: String(IDEMPOTENCY_TTL_SECONDS),
          ...(s.idempotencyKey ? { BULKHEAD_IDEMPOTENCY_KEY: s.idempotencyKey } : {}),
          BULKHEAD_MESSAGE_FORMAT: raw ? "raw" : "sns-envelope",
          BULKHEAD_QUEUE_KIND: "standard",
        },
      },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      tags,
      dependsOn: [logGroup, rolePolicy],
    });
    // Reserved concurrency bounds the consumer already; otherwise cap the mapping at 5.
    const maximumConcurrency = s.reservedConcurrency === undefined ? (s.maxConcurrency ?? 5) : s.maxConcurrency;
    new LambdaEventSourceMapping(this, `${id}-source`, {
      eventSourceArn: queue.arn,
      functionName: lambda.arn,
      batchSize: s.batchSize ?? 10,
      maximumBatchingWindowInSeconds: batchingWindow,
      functionResponseTypes: ["ReportBatchItemFailures"],
      ...(maximumConcurrency ? { scalingConfig: { maximumConcurrency } } : {}),
      tags,
      dependsOn: [rolePolicy],
    });
    for (const metric of ["Errors", "Throttles"]) {
      alarm(this, `${id}-${metric.toLowerCase()}`, {
        name: `${name}-${metric.toLowerCase()}`,
        description: `${name} ${metric.toLowerCase()}: failed records retry and then go to the DLQ.`,
        namespace: "AWS/Lambda",
        metricName: metric,
        dimensions: { FunctionName: name },
        statistic: "Sum",
        threshold: 1,
        tags,
      });
    }
  }
}

const [casePath, outDir] = process.argv.slice(2);
if (!casePath || !outDir) throw new Error("usage: handwritten.ts CASE_JSON OUT_DIR");
const fanout = JSON.parse(readFileSync(casePath, "utf8")) as FanoutCase;
const app = new App({ outdir: outDir });
for (const env of fanout.environments) new FanoutStack(app, fanout, env);
app.synth();
