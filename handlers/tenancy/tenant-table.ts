import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamoDbDocumentSdk } from "../shared/aws-sdk.js";

/** An item's key as the handler sees it: `pk` without the tenant prefix the table stores. */
export interface TenantItemKey {
  pk: string;
  sk: string;
}

export type TenantItem = TenantItemKey & Record<string, unknown>;

export interface TenantQueryOptions {
  /** Only items whose sort key starts with this. */
  skPrefix?: string;
  /** At most this many items (default: all of the partition). */
  limit?: number;
}

/**
 * The tenant's part of the shared table. Every `pk` is stored as `<tenant>#<pk>` and handed back
 * without the prefix, so handler code can neither see nor choose another tenant's partition; the
 * role's dynamodb:LeadingKeys condition would refuse it anyway, with an AccessDenied less clear.
 */
export interface TenantTable {
  readonly tableName: string;
  get(key: TenantItemKey): Promise<TenantItem | undefined>;
  /** Replaces the whole item under its key. */
  put(item: TenantItem): Promise<void>;
  delete(key: TenantItemKey): Promise<void>;
  /** The items of one partition in sort key order, following DynamoDB's pages. */
  query(pk: string, options?: TenantQueryOptions): Promise<TenantItem[]>;
}

export function createTenantTable(tableName: string, tenant: string, dynamoDB: DynamoDBClient): TenantTable {
  const stored = (pk: string) => `${tenant}#${keyPart("pk", pk)}`;
  // Loaded on first use, so a silo whose handler never touches the table does not load lib-dynamodb.
  let documents: Promise<{ sdk: typeof import("@aws-sdk/lib-dynamodb"); client: DynamoDBDocumentClient }> | undefined;
  const docs = () =>
    (documents ??= dynamoDbDocumentSdk().then((sdk) => ({
      sdk,
      // Undefined fields are dropped rather than failing the write, as JSON.stringify would drop them.
      client: sdk.DynamoDBDocumentClient.from(dynamoDB, { marshallOptions: { removeUndefinedValues: true } }),
    })));

  return {
    tableName,
    async get({ pk, sk }) {
      const Key = { pk: stored(pk), sk: keyPart("sk", sk) };
      const { sdk, client } = await docs();
      const { Item } = await client.send(new sdk.GetCommand({ TableName: tableName, Key }));
      return Item === undefined ? undefined : ({ ...Item, pk } as TenantItem);
    },
    async put(item) {
      const Item = { ...item, pk: stored(item.pk), sk: keyPart("sk", item.sk) };
      const { sdk, client } = await docs();
      await client.send(new sdk.PutCommand({ TableName: tableName, Item }));
    },
    async delete({ pk, sk }) {
      const Key = { pk: stored(pk), sk: keyPart("sk", sk) };
      const { sdk, client } = await docs();
      await client.send(new sdk.DeleteCommand({ TableName: tableName, Key }));
    },
    async query(pk, { skPrefix, limit } = {}) {
      const values: Record<string, string> = { ":pk": stored(pk) };
      if (skPrefix !== undefined) values[":sk"] = skPrefix;
      const { sdk, client } = await docs();
      const items: TenantItem[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new sdk.QueryCommand({
            TableName: tableName,
            KeyConditionExpression: skPrefix === undefined ? "pk = :pk" : "pk = :pk AND begins_with(sk, :sk)",
            ExpressionAttributeValues: values,
            ExclusiveStartKey: start,
            ...(limit === undefined ? {} : { Limit: limit - items.length }),
          }),
        );
        for (const item of page.Items ?? []) items.push({ ...item, pk } as TenantItem);
        start = page.LastEvaluatedKey;
      } while (start !== undefined && (limit === undefined || items.length < limit));
      return items;
    },
  };
}

/** DynamoDB refuses empty key strings with a ValidationException that names neither the key nor the value. */
function keyPart(name: "pk" | "sk", value: unknown): string {
  if (typeof value !== "string" || value === "") throw new TypeError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}
