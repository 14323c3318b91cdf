import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateTopicCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { BucketModel, QueueModel, ResourceRef, ServiceModel, SubscriptionModel, TableModel, TopicModel } from "../patterns/model/types.js";
import type { Emulators } from "./emulators.js";

/** fauxqs's account: every ARN it reports carries it, so the ones made up here do too. */
export const LOCAL_ACCOUNT = "000000000000";

/** A queue as created locally: what the event sources and the report need. */
export interface LocalQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

/** What provisioning made of the model: ARNs by model reference, as Terraform's resource index has them. */
export interface LocalResources {
  arn(ref: ResourceRef): string;
  queue(ref: ResourceRef): LocalQueue;
  /** Every queue consumers read from (DLQs excluded), by model id. */
  readonly queues: ReadonlyMap<string, LocalQueue>;
  /** Every dead-letter queue, by its name. */
  readonly deadLetterQueues: ReadonlyMap<string, LocalQueue>;
  /** Bucket names by model id (AWS would add a unique suffix to the prefix; locally it is fixed). */
  readonly buckets: ReadonlyMap<string, string>;
  /** Every ARN by `kind:id`, for another process to send with (`bulkhead send`). */
  arnsByRef(): Record<string, string>;
}

/** ARNs by model reference, as `arnsByRef` wrote them: what a sender in another process needs. */
export function resourcesFromArns(arns: Readonly<Record<string, string>>): Pick<LocalResources, "arn"> {
  return { arn: (ref) => lookup(new Map(Object.entries(arns)), ref) };
}

/**
 * Creates in the emulators what the stack would create in AWS for this model, through the same
 * APIs and with the same settings the constructs translate it to: queues and DLQs (redrive,
 * visibility, retention, long polling, size), topics, subscriptions (raw delivery, filter policy
 * and scope, redrive), tables (keys as synthesized), buckets and routing tables published to S3.
 * Not created: SSM parameters (fauxqs has no SSM; nothing in the service reads its own published
 * routing tables, which exist for producers outside it), IAM roles and policies (nothing local
 * enforces them), alarms and log groups.
 */
export async function provision(model: ServiceModel, emulators: Emulators): Promise<LocalResources> {
  const arns = new Map<string, string>();
  const byRef = new Map<string, LocalQueue>();
  const queues = new Map<string, LocalQueue>();
  const deadLetterQueues = new Map<string, LocalQueue>();
  const buckets = new Map<string, string>();
  const add = (ref: ResourceRef, arn: string) => arns.set(key(ref), arn);

  // In the stack's order: topics, queues (whose policies name topics), subscriptions, tables, buckets.
  for (const topic of model.topics) add({ kind: "topic", id: topic.id }, await createTopic(emulators, topic));
  for (const queue of model.queues) {
    const { queue: created, dlq } = await createQueue(emulators, queue);
    add({ kind: "queue", id: queue.id }, created.arn);
    byRef.set(key({ kind: "queue", id: queue.id }), created);
    queues.set(queue.id, created);
    if (dlq) {
      add({ kind: "dlq", id: queue.id }, dlq.arn);
      byRef.set(key({ kind: "dlq", id: queue.id }), dlq);
      deadLetterQueues.set(dlq.name, dlq);
    }
  }
  for (const s of model.subscriptions) await subscribe(emulators, s, (ref) => lookup(arns, ref));
  for (const table of model.tables) {
    await createTable(emulators, table);
    add({ kind: "table", id: table.id }, `arn:aws:dynamodb:${model.region}:${LOCAL_ACCOUNT}:table/${table.name}`);
  }
  const everyBucket: BucketModel[] = [...model.buckets, ...model.routingTables.flatMap((t) => (t.publication.kind === "s3" ? [t.publication.bucket] : []))];
  for (const bucket of everyBucket) {
    const name = localBucketName(bucket);
    await emulators.clients.s3.send(new CreateBucketCommand({ Bucket: name }));
    buckets.set(bucket.id, name);
    add({ kind: "bucket", id: bucket.id }, `arn:aws:s3:::${name}`);
  }
  for (const table of model.routingTables) {
    if (table.publication.kind !== "s3") continue;
    const Bucket = buckets.get(table.publication.bucket.id)!;
    await emulators.clients.s3.send(new PutObjectCommand({ Bucket, Key: table.publication.key, Body: table.content, ContentType: "application/json" }));
  }
  // Resources nothing local creates still have ARNs a function's environment may name.
  for (const fn of model.functions) {
    add({ kind: "function", id: fn.id }, `arn:aws:lambda:${model.region}:${LOCAL_ACCOUNT}:function:${fn.name}`);
    add({ kind: "role", id: fn.id }, `arn:aws:iam::${LOCAL_ACCOUNT}:role/${fn.roleName}`);
    add({ kind: "logGroup", id: fn.id }, `arn:aws:logs:${model.region}:${LOCAL_ACCOUNT}:log-group:/aws/lambda/${fn.name}`);
  }
  for (const p of model.parameters) add({ kind: "parameter", id: p.id }, `arn:aws:ssm:${model.region}:${LOCAL_ACCOUNT}:parameter${p.name.startsWith("/") ? "" : "/"}${p.name}`);

  return {
    arn: (ref) => lookup(arns, ref),
    queue(ref) {
      const queue = byRef.get(key(ref));
      if (!queue) throw new Error(`bulkhead bug: no local queue for ${key(ref)}`);
      return queue;
    },
    queues,
    deadLetterQueues,
    buckets,
    arnsByRef: () => Object.fromEntries(arns),
  };
}

/** A bucket name where AWS would append its own unique suffix to the prefix (prefixes end in "-"). */
export function localBucketName(bucket: BucketModel): string {
  return `${bucket.namePrefix}local`;
}

async function createTopic({ clients }: Emulators, topic: TopicModel): Promise<string> {
  // KMS and the topic policy are not emulated: fauxqs stores such attributes without acting on them.
  const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: topic.name, ...(topic.fifo ? { Attributes: { FifoTopic: "true" } } : {}) }));
  return TopicArn!;
}

async function createQueue(emulators: Emulators, model: QueueModel): Promise<{ queue: LocalQueue; dlq?: LocalQueue }> {
  const fifo: Record<string, string> = model.fifo ? { FifoQueue: "true" } : {};
  const dlqModel = model.deadLetterQueue;
  const dlq = dlqModel ? await createOne(emulators, dlqModel.name, { ...fifo, MessageRetentionPeriod: String(dlqModel.messageRetentionSeconds) }) : undefined;
  const queue = await createOne(emulators, model.name, {
    ...fifo,
    VisibilityTimeout: String(model.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(model.messageRetentionSeconds),
    ReceiveMessageWaitTimeSeconds: String(model.receiveWaitTimeSeconds),
    MaximumMessageSize: String(model.maxMessageSizeBytes),
    ...(dlq ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: model.maxReceiveCount }) } : {}),
  });
  return { queue, ...(dlq ? { dlq } : {}) };
}

async function createOne({ clients }: Emulators, name: string, attributes: Record<string, string>): Promise<LocalQueue> {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  return { name, url: QueueUrl!, arn: Attributes!.QueueArn! };
}

async function subscribe({ clients }: Emulators, s: SubscriptionModel, arn: (ref: ResourceRef) => string): Promise<void> {
  const attributes: Record<string, string> = { RawMessageDelivery: String(s.rawMessageDelivery) };
  if (s.filterPolicy) {
    attributes.FilterPolicy = JSON.stringify(s.filterPolicy);
    attributes.FilterPolicyScope = s.filterPolicyScope;
  }
  if (s.deadLetterQueue) attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: arn(s.deadLetterQueue) });
  await clients.sns.send(new SubscribeCommand({ TopicArn: arn(s.topic), Protocol: "sqs", Endpoint: arn(s.queue), Attributes: attributes, ReturnSubscriptionArn: true }));
}

async function createTable({ clients }: Emulators, table: TableModel): Promise<void> {
  // dynalite has no UpdateTimeToLive and never expires items; the TTL attribute (`expiration`) is
  // still written by the runtime, and nothing local lives long enough for expiry to matter.
  const keys = [table.hashKey, ...(table.rangeKey ? [table.rangeKey] : [])];
  await clients.dynamodb.send(
    new CreateTableCommand({
      TableName: table.name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
      KeySchema: keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? "HASH" : "RANGE" })),
    }),
  );
}

function key(ref: ResourceRef): string {
  return `${ref.kind}:${ref.id}`;
}

function lookup(arns: ReadonlyMap<string, string>, ref: ResourceRef): string {
  const arn = arns.get(key(ref));
  if (arn === undefined) throw new Error(`bulkhead bug: ${key(ref)} is referenced but the model creates no such resource`);
  // As the stack's resource index: an environment value is the resource's ARN, never a path inside it.
  return arn;
}
