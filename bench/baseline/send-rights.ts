import { QUEUE_SEND } from "./policies.js";
import type { StackContext } from "./stack-context.js";

/**
 * What `sendsTo` grants, in its order: publishing to a fan-out's topic; sending to every
 * lane of a priority queue, and reading the high lane's backlog when there is a surge lane
 * (the publisher routes by it); sending to every queue of a sharded queue or tenant silo
 * pattern (the router picks a tenant's by the routing table compiled into the code).
 */
export function sendRights(ctx: StackContext, sendsTo: readonly string[]): { statements: object[]; environment: Record<string, string> } {
  const statements: object[] = [];
  const environment: Record<string, string> = {};
  for (const pattern of sendsTo) {
    const suffix = pascalCase(pattern);
    const variable = pattern.toUpperCase().replace(/-/g, "_");
    const topic = ctx.topics.get(pattern);
    if (topic) {
      statements.push({ Sid: `SendTo${suffix}`, Effect: "Allow", Action: ["sns:Publish"], Resource: [topic.arn] });
      environment[`BULKHEAD_TOPIC_ARN_${variable}`] = topic.arn;
      continue;
    }
    const routed = ctx.tenantQueues.get(pattern);
    if (routed) {
      statements.push({ Sid: `SendTo${suffix}`, Effect: "Allow", Action: QUEUE_SEND.allow, Resource: routed.map((q) => q.queue.arn) });
      continue;
    }
    const { queues, producerSettings } = ctx.lanes.get(pattern)!;
    const lanes = [queues.high, queues.low, ...(queues.surge ? [queues.surge] : [])];
    statements.push({ Sid: `SendTo${suffix}`, Effect: "Allow", Action: QUEUE_SEND.allow, Resource: lanes.map((q) => q.arn) });
    if (queues.surge) statements.push({ Sid: `Observe${suffix}`, Effect: "Allow", Action: ["sqs:GetQueueAttributes"], Resource: [queues.high.arn] });
    environment[`BULKHEAD_PRIORITY_QUEUE_${variable}`] = producerSettings;
  }
  return { statements, environment };
}

/** IAM statement ids are alphanumeric: `order-events` becomes `OrderEvents`. */
function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}
