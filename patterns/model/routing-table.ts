import { namePrefix, patternTags, type PatternContext } from "./context.js";
import { bucketNamePrefix } from "./naming.js";
import type { ParameterModel, RoutingTableModel } from "./types.js";

/** Largest value of a Standard-tier SSM parameter; larger tables are published to S3. */
export const SSM_STANDARD_MAX_BYTES = 4096;
/**
 * The routing table producers need (queue names, and each tenant's queue indexes: its k shards, or
 * its one silo queue) and where outside producers read it: always one SSM parameter, holding the
 * table when it fits the free Standard tier, else a pointer to an S3 object that holds it.
 */
export function routingTable(
  ctx: PatternContext,
  queueNames: readonly string[],
  assignments: Readonly<Record<string, readonly number[]>>,
): { table: RoutingTableModel; parameter: ParameterModel } {
  const tenants = Object.fromEntries(Object.keys(assignments).sort().map((t) => [t, [...assignments[t]!]]));
  const content = JSON.stringify({ version: 1, pattern: ctx.pattern, queues: queueNames, tenants });
  const parameterName = `/bulkhead/${ctx.service}/${ctx.environment}/${ctx.pattern}/routing-table`;
  const fits = Buffer.byteLength(content, "utf8") <= SSM_STANDARD_MAX_BYTES;
  const bucketId = `${ctx.pattern}-artifacts`;
  const key = `routing-tables/${ctx.pattern}.json`;
  const table: RoutingTableModel = {
    pattern: ctx.pattern,
    content,
    publication: fits
      ? { kind: "ssm", parameter: parameterName }
      : {
          kind: "s3",
          parameter: parameterName,
          bucket: { id: bucketId, namePrefix: bucketNamePrefix(namePrefix(ctx)), tags: patternTags(ctx) },
          key,
        },
    source: ctx.source,
  };
  const parameter: ParameterModel = {
    id: `${ctx.pattern}-routing-table`,
    name: parameterName,
    value: fits ? { kind: "text", text: content } : { kind: "s3-pointer", bucket: { kind: "bucket", id: bucketId }, key },
    description: fits
      ? `Tenant routing table of ${ctx.service}/${ctx.pattern} (${ctx.environment})`
      : `Where the tenant routing table of ${ctx.service}/${ctx.pattern} (${ctx.environment}) is: too large for SSM, it is in S3`,
    tags: patternTags(ctx),
    source: ctx.source,
  };
  return { table, parameter };
}
