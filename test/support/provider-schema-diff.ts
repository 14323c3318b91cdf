// What breaks between the provider we plan with (5.100, from the mirror) and the 6.25 schema
// we also check against: removed arguments, blocks and resource types, arguments that became
// required or read-only, new deprecations. The list to avoid when writing patterns.
//
//   BULKHEAD_TF_PROVIDER_MIRROR=/path npx tsx test/support/provider-schema-diff.ts [aws_sqs aws_lambda ...]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { awsProviderSchema, type SchemaBlock } from "./provider-schema-file.js";
import { createTerraformHome, removeTerraformHome, terraformAvailable } from "./terraform-env.js";
import { runTerraform } from "./terraform-run.js";

/** The 5.100.0 resource schemas, read from the provider binary in the mirror. */
export async function aws5ResourceSchemas(): Promise<Record<string, SchemaBlock>> {
  const tf = terraformAvailable();
  if (!tf.available) throw new Error(`Cannot run terraform: ${tf.reason}`);
  const home = createTerraformHome(tf.mirror!);
  try {
    const config = { terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } } };
    writeFileSync(join(home.root, "main.tf.json"), JSON.stringify(config));
    for (const args of [["init", "-input=false", "-no-color"], ["providers", "schema", "-json"]]) {
      const result = await runTerraform(tf.terraformBin!, args, home.root, home.env);
      if (result.exitCode !== 0) throw new Error(`${result.command}: ${result.stderr}`);
      if (args[0] === "providers") {
        const schemas = JSON.parse(result.stdout).provider_schemas["registry.terraform.io/hashicorp/aws"].resource_schemas;
        return Object.fromEntries(Object.entries(schemas as Record<string, { block: SchemaBlock }>).map(([t, s]) => [t, s.block]));
      }
    }
    throw new Error("unreachable");
  } finally {
    removeTerraformHome(home);
  }
}

const settable = (a: { optional?: boolean; required?: boolean }) => Boolean(a.optional || a.required);

/** One line per change that can break (or will soon break) a 5.x-valid configuration on 6.x. */
export function breakingChanges(v5: Record<string, SchemaBlock>, v6: Record<string, SchemaBlock>): string[] {
  return Object.keys(v5)
    .sort()
    .flatMap((type) => (v6[type] ? diffBlock(`${type}: `, v5[type]!, v6[type]!) : [`${type}: resource type removed`]));
}

function diffBlock(at: string, old: SchemaBlock, now: SchemaBlock): string[] {
  const out: string[] = [];
  if (now.deprecated && !old.deprecated) out.push(`${at}block newly deprecated`);
  for (const [name, was] of Object.entries(old.attributes ?? {})) {
    const is = now.attributes?.[name];
    if (!is) out.push(`${at}${name} removed${settable(was) ? "" : " (was read-only)"}`);
    else if (settable(was) && !settable(is)) out.push(`${at}${name} now read-only`);
    else if (is.required && !was.required) out.push(`${at}${name} now required`);
    else if (is.deprecated && !was.deprecated) out.push(`${at}${name} newly deprecated`);
  }
  for (const [name, is] of Object.entries(now.attributes ?? {})) {
    if (is.required && !old.attributes?.[name]) out.push(`${at}${name} new and required`);
  }
  for (const [name, was] of Object.entries(old.block_types ?? {})) {
    const is = now.block_types?.[name];
    if (!is) {
      out.push(`${at}${name} block removed`);
      continue;
    }
    if (is.nesting_mode !== was.nesting_mode) out.push(`${at}${name} block nesting ${was.nesting_mode} -> ${is.nesting_mode}`);
    if ((is.min_items ?? 0) > (was.min_items ?? 0)) out.push(`${at}${name} block now needs at least ${is.min_items}`);
    if (is.max_items && is.max_items < (was.max_items || Infinity)) out.push(`${at}${name} block now allows at most ${is.max_items}`);
    out.push(...diffBlock(`${at}${name}.`, was.block, is.block));
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const prefixes = process.argv.slice(2);
  const changes = breakingChanges(await aws5ResourceSchemas(), awsProviderSchema().resources);
  for (const line of changes) if (!prefixes.length || prefixes.some((p) => line.startsWith(p))) console.log(line);
}
