// Is a synthesized cdk.tf.json also valid for hashicorp/aws 6.x? (DESIGN.md "How we know it
// works", item 3.) The stacks are planned with 5.100, whose binding cdktf generated; this walks
// every resource and provider block against the 6.25.0 schema so teams on either major version
// can apply the same JSON. An argument that 5.x had and 6.x removed shows up as unknown.
//
// Data sources are checked only when the schema file has them; the 6.25.0 file we have holds
// resources and the provider block only, so `data` is not covered.
import {
  AWS_6_SCHEMA_VERSION,
  awsProviderSchema,
  type SchemaAttribute,
  type SchemaBlock,
  type SchemaBlockType,
} from "./provider-schema-file.js";
import { isExpression, isPlainObject, typeMismatch } from "./provider-schema-values.js";

export { awsProviderSchema, AWS_6_SCHEMA_VERSION } from "./provider-schema-file.js";

export interface SchemaCheckOptions {
  /**
   * Deprecated arguments still work in 6.25 but are the next major's removals (and warn at
   * every plan), so by default they are problems too.
   */
  allowDeprecated?: boolean;
}

// Terraform's own arguments, not the provider's.
const RESOURCE_META_ARGUMENTS = new Set(["depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection"]);
const PROVIDER_META_ARGUMENTS = new Set(["alias", "version"]);
const NO_META_ARGUMENTS = new Set<string>();

/** Problems with `cdkTfJson` (parsed, or the JSON text) under hashicorp/aws 6.25.0; empty when valid. */
export function checkAgainstSchema(cdkTfJson: unknown, options: SchemaCheckOptions = {}): string[] {
  const stack = (typeof cdkTfJson === "string" ? JSON.parse(cdkTfJson) : cdkTfJson) as Record<string, unknown>;
  const schema = awsProviderSchema();
  const problems: string[] = [];
  const context = { problems, allowDeprecated: options.allowDeprecated ?? false };

  for (const [index, config] of asList((stack.provider as Record<string, unknown> | undefined)?.aws).entries()) {
    const alias = isPlainObject(config) && typeof config.alias === "string" ? `.${config.alias}` : index ? `[${index}]` : "";
    checkBlock(context, `provider aws${alias}`, "", config, schema.provider, PROVIDER_META_ARGUMENTS);
  }

  for (const [kind, schemas] of [["resource", schema.resources], ["data", schema.dataSources]] as const) {
    if (!schemas) continue;
    for (const [type, instances] of Object.entries((stack[kind] ?? {}) as Record<string, Record<string, unknown>>)) {
      if (!type.startsWith("aws_")) continue; // another provider's type: not ours to judge
      const prefix = kind === "data" ? "data." : "";
      const block = schemas[type];
      for (const [name, body] of Object.entries(instances)) {
        const subject = `${prefix}${type}.${name}${constructPath(body)}`;
        if (block) {
          for (const instance of asList(body)) checkBlock(context, subject, "", instance, block, RESOURCE_META_ARGUMENTS);
        } else if (kind === "resource" && schema.omittedResources.has(type)) {
          problems.push(`${subject}: cannot be checked: the ${AWS_6_SCHEMA_VERSION} schema file leaves out ${type}`);
        } else {
          problems.push(`${subject}: ${kind} type ${type} does not exist in hashicorp/aws ${AWS_6_SCHEMA_VERSION} (removed in 6.x, or misspelt)`);
        }
      }
    }
  }
  return problems;
}

interface CheckContext {
  problems: string[];
  allowDeprecated: boolean;
}

/** `subject` names the resource ("aws_sqs_queue.q (stack/q)"), `path` the place inside it. */
function checkBlock(ctx: CheckContext, subject: string, path: string, body: unknown, block: SchemaBlock, meta: Set<string>): void {
  const report = (where: string, message: string): void => {
    ctx.problems.push(`${subject}: ${where ? `${where}: ` : ""}${message}`);
  };
  if (!isPlainObject(body)) return report(path, `expected an object, got ${JSON.stringify(body)}`);
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  const dynamicBlocks = isPlainObject(body.dynamic) ? body.dynamic : {};

  for (const [key, value] of Object.entries(body)) {
    if (key === "//" || meta.has(key) || key === "dynamic") continue;
    const at = path ? `${path}.${key}` : key;
    const attribute = attributes[key];
    const blockType = blockTypes[key];
    if (attribute) checkAttribute(ctx, report, at, value, attribute);
    else if (blockType) checkNestedBlocks(ctx, subject, at, value, blockType, key in dynamicBlocks);
    else report(at, `unknown argument: not in the hashicorp/aws ${AWS_6_SCHEMA_VERSION} schema (removed in 6.x, or misspelt)`);
  }

  for (const [name, dynamic] of Object.entries(dynamicBlocks)) {
    const at = path ? `${path}.dynamic.${name}` : `dynamic.${name}`;
    const blockType = blockTypes[name];
    if (!blockType) report(at, `unknown block type: not in the hashicorp/aws ${AWS_6_SCHEMA_VERSION} schema`);
    else if (isPlainObject(dynamic) && dynamic.content !== undefined) checkBlock(ctx, subject, `${at}.content`, dynamic.content, blockType.block, NO_META_ARGUMENTS);
  }

  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && (body[name] === undefined || body[name] === null)) {
      report(path ? `${path}.${name}` : name, "missing required argument");
    }
  }
  for (const [name, blockType] of Object.entries(blockTypes)) {
    const minItems = blockType.min_items ?? 0;
    if (minItems > 0 && body[name] === undefined && !(name in dynamicBlocks)) {
      report(path ? `${path}.${name}` : name, `missing required block (at least ${minItems})`);
    }
  }
}

function checkAttribute(ctx: CheckContext, report: (at: string, message: string) => void, at: string, value: unknown, attribute: SchemaAttribute): void {
  if (attribute.computed && !attribute.optional && !attribute.required) {
    return report(at, "read-only (computed) attribute: it cannot be set");
  }
  if (attribute.deprecated && !ctx.allowDeprecated) report(at, `deprecated in hashicorp/aws ${AWS_6_SCHEMA_VERSION}`);
  const mismatch = typeMismatch(value, attribute.type);
  if (mismatch) report(at, mismatch);
}

// In Terraform JSON a block is an object, or an array of objects for repeated blocks; a map
// block is an object of labelled bodies.
function checkNestedBlocks(ctx: CheckContext, subject: string, at: string, value: unknown, blockType: SchemaBlockType, alsoDynamic: boolean): void {
  const report = (message: string): void => {
    ctx.problems.push(`${subject}: ${at}: ${message}`);
  };
  if (value === null) return;
  if (isExpression(value) || typeof value !== "object") {
    return report(`is a block; it needs an object${blockType.nesting_mode === "single" ? "" : " or an array of objects"}, got ${JSON.stringify(value)}`);
  }
  if (blockType.block.deprecated && !ctx.allowDeprecated) report(`deprecated block in hashicorp/aws ${AWS_6_SCHEMA_VERSION}`);

  const labelled = blockType.nesting_mode === "map" && isPlainObject(value);
  const instances: [string, unknown][] = labelled
    ? Object.entries(value as Record<string, unknown>).map(([label, body]) => [`${at}.${label}`, body])
    : Array.isArray(value)
      ? value.map((body, i) => [`${at}[${i}]`, body])
      : [[at, value]];

  const maxItems = blockType.nesting_mode === "single" || blockType.nesting_mode === "group" ? 1 : blockType.max_items;
  if (!alsoDynamic) {
    if (maxItems && instances.length > maxItems) report(`at most ${maxItems} block(s) allowed, got ${instances.length}`);
    if (blockType.min_items && instances.length < blockType.min_items) report(`at least ${blockType.min_items} block(s) required, got ${instances.length}`);
  }
  for (const [where, body] of instances) checkBlock(ctx, subject, where, body, blockType.block, NO_META_ARGUMENTS);
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

// cdktf records the construct path of each resource; it says where in the code a problem is.
function constructPath(body: unknown): string {
  const path = isPlainObject(body) && isPlainObject(body["//"]) && isPlainObject(body["//"].metadata) ? body["//"].metadata.path : undefined;
  return typeof path === "string" ? ` (${path})` : "";
}
