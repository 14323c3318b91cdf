import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import type { TenantDataConfig } from "../consuming/config.js";
import { defaultS3Client } from "../shared/aws-sdk.js";
import { createTenantBucket, type TenantBucket } from "./tenant-bucket.js";
import { createTenantTable, type TenantTable } from "./tenant-table.js";

/** A tenant-isolated function's data clients, scoped to its tenant; each is there when the spec's `data` asks for it. */
export interface TenantData {
  table?: TenantTable;
  bucket?: TenantBucket;
}

/** Built once per execution environment; the SDK modules and the S3 client load on first use. */
export function createTenantData(tenant: string, data: TenantDataConfig, clients: { dynamoDB: DynamoDBClient; s3?: S3Client }): TenantData {
  const s3 = () => (clients.s3 ? Promise.resolve(clients.s3) : defaultS3Client());
  return {
    ...(data.tableName === undefined ? {} : { table: createTenantTable(data.tableName, tenant, clients.dynamoDB) }),
    ...(data.bucketName === undefined ? {} : { bucket: createTenantBucket(data.bucketName, tenant, s3) }),
  };
}
