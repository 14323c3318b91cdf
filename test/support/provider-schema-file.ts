// The hashicorp/aws 6.25.0 schema, kept in the repo (gzipped, byte-identical to the shared
// `terraform providers schema -json` output) so the 6.x check runs on a fresh clone.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export const AWS_6_SCHEMA_VERSION = "6.25.0";
const SCHEMA_FILE = new URL(`../fixtures/aws-provider-${AWS_6_SCHEMA_VERSION}.schema.json.gz`, import.meta.url);
const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws";

/** A primitive name, or a collection / structural type like ["list", "string"] or ["object", {...}]. */
export type SchemaType = string | [string, unknown];

export interface SchemaAttribute {
  type?: SchemaType;
  nested_type?: unknown;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  deprecated?: boolean;
}

export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
  deprecated?: boolean;
}

export interface SchemaBlockType {
  nesting_mode: "single" | "group" | "list" | "set" | "map";
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

export interface AwsProviderSchema {
  provider: SchemaBlock;
  resources: Record<string, SchemaBlock>;
  /** Absent from this file: data sources are not checked. */
  dataSources?: Record<string, SchemaBlock>;
  /** Resource types the file says it leaves out; they exist in 6.25 but cannot be checked. */
  omittedResources: Set<string>;
}

interface SchemaFile {
  "//"?: string;
  provider_schemas: Record<
    string,
    {
      provider: { block: SchemaBlock };
      resource_schemas: Record<string, { block: SchemaBlock }>;
      data_source_schemas?: Record<string, { block: SchemaBlock }>;
    }
  >;
}

let cached: AwsProviderSchema | undefined;

export function awsProviderSchema(): AwsProviderSchema {
  if (cached) return cached;
  const file = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as SchemaFile;
  const aws = file.provider_schemas[AWS_PROVIDER];
  if (!aws) throw new Error(`${SCHEMA_FILE.pathname}: no schema for ${AWS_PROVIDER}`);
  const blocks = (schemas: Record<string, { block: SchemaBlock }>) =>
    Object.fromEntries(Object.entries(schemas).map(([type, schema]) => [type, schema.block]));
  // The file's own note lists the resource types it leaves out ("Resources absent from this file: a, b").
  const omitted = /Resources absent from this file: ([\w, ]+)/.exec(file["//"] ?? "")?.[1] ?? "";
  cached = {
    provider: aws.provider.block,
    resources: blocks(aws.resource_schemas),
    dataSources: aws.data_source_schemas && blocks(aws.data_source_schemas),
    omittedResources: new Set(omitted.split(",").map((s) => s.trim()).filter(Boolean)),
  };
  return cached;
}
