import { tempProject } from "./project.js";

/**
 * A small service whose prod environment has bulkhead create its alarm topic, whose dev
 * environment turns deletion protection off, and whose 1 MiB events go by claim check.
 */
export function operationsProject(): string {
  const spec = `version: 1
service: ops
region: eu-west-1
environments:
  dev: { deletionProtection: false }
  prod:
    budget: { monthlyUsd: 250, notify: [finance@example.com] }
    alarms:
      email: [oncall@example.com]
      https: ["https://events.example.com/integration/abc/enqueue"]
patterns:
  events:
    type: fanout
    externalPublishers: ["arn:aws:iam::123456789012:role/checkout"]
    maxPayloadBytes: 1048576
    subscribers:
      ledger:
        handler: handlers/ledger.ts
        idempotencyWindowSeconds: 1209600
        queue: { messageRetentionSeconds: 86400 }
        secrets:
          ledgerApiKey: arn:aws:secretsmanager:eu-west-1:123456789012:secret:ledger/api-key-AbCdEf
        parameters:
          featureFlags: arn:aws:ssm:eu-west-1:123456789012:parameter/ops/feature-flags
          signingKey: { arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/ops/signing-key", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }
        parametersCacheSeconds: 600
`;
  return tempProject(spec, ["handlers/ledger.ts"], "ops");
}
