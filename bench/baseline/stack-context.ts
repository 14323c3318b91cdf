import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";
import type { TerraformStack } from "cdktf";
import type { ServiceCase } from "../service-case.js";
import type { HandlerCode } from "./bundle-handlers.js";

/** What every part of one environment's stack builds on. */
export interface StackContext {
  readonly stack: TerraformStack;
  readonly service: ServiceCase;
  readonly env: string;
  /** Where the environment's alarms notify; none when the environment names no topic. */
  readonly alarmTopicArn?: string;
  /** Whether the stack's tables refuse deletion (the environment's choice, else yes). */
  readonly deletionProtection: boolean;
  /** Shared by every consumer; each one reaches only its own keys. */
  readonly idempotencyTable: DynamodbTable;
  /** Fan-out topics by pattern name, created first so that any function can publish to them. */
  readonly topics: ReadonlyMap<string, SnsTopic>;
  /** Priority queues' lane queues by pattern name, created before any function, like the topics. */
  readonly lanes: ReadonlyMap<string, PriorityLanes>;
  /**
   * The queues producers route to by tenant, by pattern name: a sharded queue's shards, a tenant
   * silo pattern's queues, in routing-table order. Created before any function, like the lanes.
   */
  readonly tenantQueues: ReadonlyMap<string, readonly QueueWithDlq[]>;
  /** Every function's role by function name, filled in as the functions are made (see senders.ts). */
  readonly roles: Map<string, IamRole>;
  /** Every function's packaged code (its handler, and the routing tables it needs), by function name. */
  readonly code: ReadonlyMap<string, HandlerCode>;
}

export interface QueueWithDlq {
  readonly queue: SqsQueue;
  readonly dlq: SqsQueue;
}

export interface PriorityLanes {
  readonly queues: { readonly high: SqsQueue; readonly low: SqsQueue; readonly surge?: SqsQueue };
  /** What producers read at run time (BULKHEAD_PRIORITY_QUEUE_<PATTERN>): lane queue names and the surge threshold. */
  readonly producerSettings: string;
}

/** `orders-dev-order-events`: what every resource name of a pattern starts with. */
export function namePrefix(ctx: Pick<StackContext, "service" | "env">, pattern: string): string {
  return `${ctx.service.service}-${ctx.env}-${pattern}`;
}
