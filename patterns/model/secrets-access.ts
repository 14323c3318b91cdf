import type { ConsumerSpec } from "../spec/common.js";
import { DEFAULTS } from "./defaults.js";
import type { PolicyStatement } from "./types.js";

type Readable = string | { readonly arn: string; readonly kmsKeyArn: string };

/**
 * Read access to exactly the secrets and parameters a consumer names, kms:Decrypt only on the
 * customer keys it names (and only through that service), and where the runtime finds them:
 * handler names → ARNs, and how long a value is reused.
 */
export function secretsAccess(spec: ConsumerSpec, region: string): { statements: PolicyStatement[]; environment: Record<string, string> } {
  const secrets = Object.entries(spec.secrets ?? {});
  const parameters = Object.entries(spec.parameters ?? {});
  if (secrets.length === 0 && parameters.length === 0) return { statements: [], environment: {} };
  const arn = (r: Readable) => (typeof r === "string" ? r : r.arn);
  const keys = (entries: [string, Readable][]) => [...new Set(entries.flatMap(([, r]) => (typeof r === "string" ? [] : [r.kmsKeyArn])))].sort();
  const statements: PolicyStatement[] = [];
  const grant = (sid: string, actions: string[], entries: [string, Readable][], service: string) => {
    if (entries.length === 0) return;
    statements.push({ sid: `Read${sid}`, actions, resources: [...new Set(entries.map(([, r]) => arn(r)))].sort() });
    const decrypt = keys(entries);
    if (decrypt.length > 0) {
      statements.push({
        sid: `Decrypt${sid}`,
        actions: ["kms:Decrypt"],
        resources: decrypt,
        conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`${service}.${region}.amazonaws.com`] }],
      });
    }
  };
  grant("Secrets", ["secretsmanager:GetSecretValue"], secrets, "secretsmanager");
  grant("Parameters", ["ssm:GetParameter"], parameters, "ssm");
  const byName = (entries: [string, Readable][]) => JSON.stringify(Object.fromEntries(entries.map(([name, r]) => [name, arn(r)])));
  return {
    statements,
    environment: {
      ...(secrets.length > 0 ? { BULKHEAD_SECRETS: byName(secrets) } : {}),
      ...(parameters.length > 0 ? { BULKHEAD_PARAMETERS: byName(parameters) } : {}),
      BULKHEAD_PARAMETERS_CACHE_SECONDS: String(spec.parametersCacheSeconds ?? DEFAULTS.parametersCacheSeconds),
    },
  };
}
