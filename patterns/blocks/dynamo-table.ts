import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table/index.js";
import type { Construct } from "constructs";
import type { TableModel } from "../model/types.js";
import type { ResourceIndex } from "./resource-index.js";

/** Translates a TableModel: on-demand, encrypted, point-in-time recovery, deletion protection, string keys, TTL when it has one. */
export function dynamoTable(scope: Construct, model: TableModel, index: ResourceIndex): DynamodbTable {
  const keys = [model.hashKey, ...(model.rangeKey ? [model.rangeKey] : [])];
  const table = new DynamodbTable(scope, `table-${model.id}`, {
    name: model.name,
    billingMode: "PAY_PER_REQUEST",
    deletionProtectionEnabled: model.deletionProtection,
    hashKey: model.hashKey,
    ...(model.rangeKey ? { rangeKey: model.rangeKey } : {}),
    attribute: keys.map((name) => ({ name, type: "S" })),
    ...(model.ttlAttribute ? { ttl: { attributeName: model.ttlAttribute, enabled: true } } : {}),
    pointInTimeRecovery: { enabled: model.pointInTimeRecovery },
    serverSideEncryption: { enabled: true },
    tags: { ...model.tags },
  });
  index.add({ kind: "table", id: model.id }, table.arn);
  return table;
}
