import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import type { TenantSilos } from "../service-case.js";
import { consumerFunction } from "./consumer-function.js";
import { consumerSettings, mappingCap, siloConsumer } from "./consumer-settings.js";
import { queueWithDlq } from "./queue-with-dlq.js";
import { publishRoutingTable } from "./routing-table.js";
import { onlyFunction, tenantSenders } from "./senders.js";
import { namePrefix, type QueueWithDlq, type StackContext } from "./stack-context.js";

// `tenant` is also the principal tag tenant-aware queues check: a silo's role sends as its tenant.
const siloTags = (pattern: string, tenant: string) => ({ "bulkhead:pattern": pattern, "bulkhead:tenant": tenant, tenant });

/**
 * Per tenant a queue that admits, besides trusted senders, only principals acting as that
 * tenant, with a DLQ that admits only the tenant's function; and the routing table (tenant to
 * queue). Built before any function, since producers in the stack route to them.
 */
export function siloQueues(ctx: StackContext, pattern: string, t: TenantSilos): QueueWithDlq[] {
  const prefix = namePrefix(ctx, pattern);
  const senders = tenantSenders(ctx, pattern, t.externalProducers);
  const queues = t.tenants.map((tenant) => {
    const settings = consumerSettings(ctx, siloConsumer(t, tenant));
    return queueWithDlq(ctx, `${pattern}-${tenant}`, {
      name: `${prefix}-${tenant}`,
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
      settings: settings.queue,
      senders: senders([tenant]),
      deadLetterSenders: onlyFunction(ctx, `${prefix}-${tenant}`),
      tags: siloTags(pattern, tenant),
    });
  });
  publishRoutingTable(ctx, pattern);
  return queues;
}

/**
 * Per tenant its own function, reservation, role, logs and alarms, tagged with the tenant. It runs
 * only its tenant's records (others go to its DLQ unrun) and reaches only its tenant's items of
 * the shared data table: those whose partition key starts `<tenant>#`.
 */
export function siloConsumers(ctx: StackContext, pattern: string, t: TenantSilos): void {
  const prefix = namePrefix(ctx, pattern);
  const data = t.dataTable ? dataTable(ctx, pattern) : undefined;
  const queues = ctx.tenantQueues.get(pattern)!;
  t.tenants.forEach((tenant, i) => {
    const consumer = siloConsumer(t, tenant);
    const { queue, dlq } = queues[i]!;
    consumerFunction(ctx, `${pattern}-${tenant}`, {
      name: `${prefix}-${tenant}`,
      consumer,
      queues: [queue],
      maximumConcurrency: mappingCap(consumer),
      reservedConcurrency: consumer.reservedConcurrency,
      messageFormat: "raw",
      tags: siloTags(pattern, tenant),
      tenancy: {
        deadLetters: [dlq],
        environment: { BULKHEAD_TENANT: tenant, ...(data ? { BULKHEAD_TENANT_TABLE: `${prefix}-data` } : {}) },
        statements: data
          ? [
              {
                Sid: "TenantItems",
                Effect: "Allow",
                Action: TENANT_ITEM_ACTIONS,
                Resource: [data.arn],
                Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${tenant}#*`] } },
              },
            ]
          : [],
      },
    });
  });
}

const TENANT_ITEM_ACTIONS = [
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DeleteItem",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
];

/** The data every silo shares, keyed pk (`<tenant>#…`) and sk; kept, so no TTL, and deletion-protected as the environment says. */
function dataTable(ctx: StackContext, pattern: string): DynamodbTable {
  return new DynamodbTable(ctx.stack, `${pattern}-data`, {
    name: `${namePrefix(ctx, pattern)}-data`,
    billingMode: "PAY_PER_REQUEST",
    deletionProtectionEnabled: ctx.deletionProtection,
    hashKey: "pk",
    rangeKey: "sk",
    attribute: [
      { name: "pk", type: "S" },
      { name: "sk", type: "S" },
    ],
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true },
    tags: { "bulkhead:pattern": pattern },
  });
}
