// A disposable copy of a synthesized stack that terraform can plan offline. The synthesized
// files stay pristine: everything test-specific goes into one extra override file, merged by
// Terraform's `*_override.tf.json` rules (same-name provider blocks and the backend are replaced
// attribute by attribute), so what is planned is exactly what a team would apply.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

export const STACK_FILE = "cdk.tf.json";
export const OVERRIDE_FILE = "zz_bulkhead_test_override.tf.json";
// Only used when a stack has aws resources but no aws provider block: an override file cannot
// add a block that the configuration lacks.
const FALLBACK_PROVIDER_FILE = "zz_bulkhead_test_provider.tf.json";

type Json = Record<string, unknown>;

// Dummy credentials and the provider's offline switches: plan never calls AWS with these.
const OFFLINE_PROVIDER_SETTINGS = {
  access_key: "bulkhead-test",
  secret_key: "bulkhead-test",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
};

/** The stack folders in a cdktf out dir, or the folder itself when it is one stack. */
export function stackDirsIn(outOrStackDir: string): string[] {
  if (existsSync(join(outOrStackDir, STACK_FILE))) return [outOrStackDir];
  const stacks = join(outOrStackDir, "stacks");
  if (!existsSync(stacks)) throw new Error(`${outOrStackDir}: neither a stack folder (${STACK_FILE}) nor a cdktf out dir (stacks/)`);
  return readdirSync(stacks)
    .map((name) => join(stacks, name))
    .filter((dir) => existsSync(join(dir, STACK_FILE)))
    .sort();
}

/**
 * Copies the stack folder (cdk.tf.json refers to its bundled code as `assets/<id>/<hash>/…`,
 * relative to the stack folder, so the whole folder goes) into a fresh folder under `parent`
 * and adds the override file. Throws when cdk.tf.json names an asset that is not there, which
 * plan alone would not notice (it does not read Lambda archives).
 */
export function prepareStackWorkdir(stackDir: string, parent: string): string {
  const workdir = mkdtempSync(join(parent, `${basename(stackDir)}-`));
  cpSync(stackDir, workdir, { recursive: true, filter: (src) => !isLocalTerraformState(src) });
  const stack = JSON.parse(readFileSync(join(workdir, STACK_FILE), "utf8")) as Json;
  const missing = referencedAssets(stack).filter((path) => !existsSync(join(workdir, path)));
  if (missing.length) throw new Error(`${stackDir}: ${STACK_FILE} refers to missing assets: ${missing.join(", ")}`);
  writeFileSync(join(workdir, OVERRIDE_FILE), JSON.stringify(offlineOverride(stack), null, 2));
  if (!awsProviderConfigs(stack).length && usesAws(stack)) {
    writeFileSync(join(workdir, FALLBACK_PROVIDER_FILE), JSON.stringify({ provider: { aws: OFFLINE_PROVIDER_SETTINGS } }));
  }
  return workdir;
}

// A previous `terraform init` in the out dir must not leak in: the copy gets its own.
function isLocalTerraformState(path: string): boolean {
  const name = basename(path);
  return name === ".terraform" || name.endsWith(".tfstate") || name.endsWith(".tfstate.backup");
}

function offlineOverride(stack: Json): Json {
  const override: Json = {};
  const providers = awsProviderConfigs(stack).map((config) => ({
    ...(config.alias ? { alias: config.alias } : {}),
    ...OFFLINE_PROVIDER_SETTINGS,
    ...neutralizedCredentialSources(config),
  }));
  if (providers.length) override.provider = { aws: providers };
  const terraform = (stack.terraform ?? {}) as Json;
  // Any remote backend (s3 today) would need AWS; the local one keeps state in the copy.
  if (terraform.backend) override.terraform = { backend: { local: { path: "terraform.tfstate" } } };
  return override;
}

// Static dummy keys win over most credential sources, but a profile, session token or role to
// assume would still send the provider to AWS. Null unsets an attribute; a role with an empty
// ARN is ignored by the provider (a block cannot be removed by an override).
function neutralizedCredentialSources(config: Json): Json {
  const out: Json = {};
  for (const key of ["profile", "token", "shared_config_files", "shared_credentials_files"]) {
    if (key in config) out[key] = null;
  }
  for (const key of ["assume_role", "assume_role_with_web_identity"]) {
    if (key in config) out[key] = { role_arn: "" };
  }
  return out;
}

function awsProviderConfigs(stack: Json): Json[] {
  const aws = (stack.provider as Json | undefined)?.aws;
  if (!aws) return [];
  return (Array.isArray(aws) ? aws : [aws]) as Json[];
}

function usesAws(stack: Json): boolean {
  const types = [...Object.keys((stack.resource ?? {}) as Json), ...Object.keys((stack.data ?? {}) as Json)];
  return types.some((type) => type.startsWith("aws_"));
}

function referencedAssets(value: unknown): string[] {
  if (typeof value === "string") return /^assets\/[^$]*$/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(referencedAssets);
  if (value && typeof value === "object") return Object.values(value).flatMap(referencedAssets);
  return [];
}
