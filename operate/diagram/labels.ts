import type { EventSourceModel, QueueModel, SubscriptionModel } from "../../patterns/model/types.js";

/** `eventType: OrderPlaced | OrderCancelled`, nested keys dotted, operators (`{"prefix":"x"}`) as JSON. */
export function filterLabel(subscription: SubscriptionModel): string | undefined {
  const policy = subscription.filterPolicy;
  if (!policy || Object.keys(policy).length === 0) return undefined;
  const parts = leaves(policy, "").map(({ key, values }) => `${key}: ${values.map(valueText).join(" | ")}`);
  return `${subscription.filterPolicyScope === "MessageBody" ? "body filter" : "filter"} ${parts.join(", ")}`;
}

function leaves(policy: Readonly<Record<string, unknown>>, prefix: string): { key: string; values: readonly unknown[] }[] {
  return Object.entries(policy).flatMap(([key, value]) =>
    Array.isArray(value) ? [{ key: `${prefix}${key}`, values: value }] : leaves(value as Record<string, unknown>, `${prefix}${key}.`),
  );
}

function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** `batch 10, window 5 s, max 5`: what the event source mapping hands the function. */
export function mappingLabel(source: EventSourceModel): string {
  const parts = [`batch ${source.batchSize}`];
  if (source.maximumBatchingWindowSeconds > 0) parts.push(`window ${source.maximumBatchingWindowSeconds} s`);
  if (source.maximumConcurrency !== undefined) parts.push(`max ${source.maximumConcurrency}`);
  return `consume · ${parts.join(", ")}`;
}

export function redriveLabel(queue: QueueModel): string {
  return `dead-letter after ${queue.maxReceiveCount} receives`;
}

/** `orders-dev-ingest-0 … orders-dev-ingest-7`, or the one name. */
export function nameRange(names: readonly string[]): string {
  if (names.length <= 2) return names.join(", ");
  return `${names[0]} … ${names[names.length - 1]}`;
}

/** `acme, globex, initech, … (12)`: the first few of a list and its length. */
export function listHead(items: readonly string[], shown = 3): string {
  return items.length <= shown ? items.join(", ") : `${items.slice(0, shown).join(", ")}, … (${items.length})`;
}

/** The role or user an IAM ARN names, with its account: `role/checkout (123456789012)`. */
export function principalLabel(arn: string): string[] {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}|\*):(.+)$/.exec(arn);
  return match ? [match[2]!, `account ${match[1]}`] : [arn];
}

export function seconds(s: number): string {
  if (s % 86_400 === 0) return `${s / 86_400} d`;
  if (s % 3_600 === 0) return `${s / 3_600} h`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} min`;
  return `${s} s`;
}
