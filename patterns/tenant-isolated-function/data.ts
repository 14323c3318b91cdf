import { namePrefix, patternTags, type PatternContext } from "../model/context.js";
import { AWS_LIMITS } from "../model/limits.js";
import { bucketNamePrefix, resourceName } from "../model/naming.js";
import type { BucketModel, PolicyStatement, ResourceRef, TableModel } from "../model/types.js";
import type { TenantIsolatedFunctionSpec } from "./spec.js";

export interface TenantDataStores {
  readonly table?: TableModel;
  readonly bucket?: BucketModel;
}

/** The data the silos share, one table and one bucket for all tenants, each partitioned by tenant. */
export function tenantDataStores(ctx: PatternContext, data: TenantIsolatedFunctionSpec["data"]): TenantDataStores {
  const id = `${ctx.pattern}-data`;
  const source = [...ctx.source, "data"];
  return {
    ...(data?.table
      ? {
          table: {
            id,
            name: resourceName([...namePrefix(ctx), "data"], AWS_LIMITS.dynamodbTableNameLength),
            deletionProtection: ctx.deletionProtection,
            hashKey: "pk",
            rangeKey: "sk",
            pointInTimeRecovery: true,
            tags: patternTags(ctx),
            source: [...source, "table"],
          },
        }
      : {}),
    ...(data?.bucket ? { bucket: { id, namePrefix: bucketNamePrefix([...namePrefix(ctx), "data"]), tags: patternTags(ctx) } } : {}),
  };
}

/** Where a tenant's objects live in the shared bucket. */
export function tenantObjectPrefix(tenant: string): string {
  return `tenants/${tenant}/`;
}

/**
 * One tenant's slice of the shared data, as IAM grants it: table items whose partition key starts
 * `<tenant>#`, and objects under `tenants/<tenant>/`; and where the runtime finds the stores.
 */
export function tenantDataAccess(tenant: string, stores: TenantDataStores): { statements: PolicyStatement[]; environment: Record<string, string | ResourceRef> } {
  const statements: PolicyStatement[] = [];
  const environment: Record<string, string | ResourceRef> = {};
  if (stores.table) {
    const table: ResourceRef = { kind: "table", id: stores.table.id };
    statements.push({
      sid: "TenantItems",
      actions: [
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ],
      resources: [table],
      conditions: [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: [`${tenant}#*`] }],
    });
    environment.BULKHEAD_TENANT_TABLE = stores.table.name;
  }
  if (stores.bucket) {
    const bucket: ResourceRef = { kind: "bucket", id: stores.bucket.id };
    const prefix = tenantObjectPrefix(tenant);
    statements.push(
      { sid: "TenantObjects", actions: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], resources: [{ ...bucket, objects: `${prefix}*` }] },
      { sid: "ListTenantObjects", actions: ["s3:ListBucket"], resources: [bucket], conditions: [{ test: "StringLike", variable: "s3:prefix", values: [`${prefix}*`] }] },
    );
    environment.BULKHEAD_TENANT_BUCKET = bucket;
  }
  return { statements, environment };
}
