import { tempProject } from "./project.js";

export interface SiloProjectOptions {
  readonly tenants: number;
  readonly perTenant?: number;
  readonly accountConcurrency?: number;
  /** Spec lines added under the pattern, indented by four spaces. */
  readonly patternLines?: readonly string[];
}

/** Tenant ids as a generated project names them: `tenant-0000`, `tenant-0001`, … */
export function tenantIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `tenant-${String(i).padStart(4, "0")}`);
}

/**
 * A project with one tenant-isolated-function pattern (`reports`) over `tenants` tenants, its data
 * table and bucket, named outside senders, and a fan-out subscriber that sends to it.
 */
export function siloProject(o: SiloProjectOptions, service = `silos${o.tenants}`): string {
  const spec = `version: 1
service: ${service}
region: us-east-1
environments:
  dev: {${o.accountConcurrency ? ` accountConcurrency: ${o.accountConcurrency} ` : ""}}
tenants: [${tenantIds(o.tenants).join(", ")}]
operators: ["arn:aws:iam::123456789012:role/platform-oncall"]
patterns:
  reports:
    type: tenant-isolated-function
    handler: handlers/reports.ts
    idempotencyKey: reportId
    reservedConcurrencyPerTenant: ${o.perTenant ?? 2}
    data: { table: true, bucket: true }
    externalProducers:
      routers: ["arn:aws:iam::123456789012:role/report-gateway"]
      taggedRoles: ["arn:aws:iam::210987654321:role/merchant-*"]
${(o.patternLines ?? []).map((line) => `    ${line}`).join("\n")}
  billing-events:
    type: fanout
    externalPublishers: ["arn:aws:iam::123456789012:role/billing-core"]
    subscribers:
      statements: { handler: handlers/statements.ts, sendsTo: [reports] }
`;
  return tempProject(spec, ["handlers/reports.ts", "handlers/statements.ts"], service);
}
