import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { TerraformStack } from "cdktf";
import type { ServiceCase } from "../service-case.js";

/** What every part of one environment's stack builds on. */
export interface StackContext {
  readonly stack: TerraformStack;
  readonly service: ServiceCase;
  readonly env: string;
  /** Where the environment's alarms notify; none when the environment names no topic. */
  readonly alarmTopicArn?: string;
  /** Shared by every consumer; each one reaches only its own keys. */
  readonly idempotencyTable: DynamodbTable;
  /** Fan-out topics by pattern name, created first so that any function can publish to them. */
  readonly topics: ReadonlyMap<string, SnsTopic>;
}

/** `orders-dev-order-events`: what every resource name of a pattern starts with. */
export function namePrefix(ctx: Pick<StackContext, "service" | "env">, pattern: string): string {
  return `${ctx.service.service}-${ctx.env}-${pattern}`;
}
