import type { S3Client } from "@aws-sdk/client-s3";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { defaultS3Client, defaultSsmClient, s3Sdk, ssmSdk } from "../shared/aws-sdk.js";
import { parseRoutingTable, RoutingTableError, type RoutingTable } from "./routing-table.js";

/** Replacements for the default clients; tests point them at local endpoints or stubs. */
export interface PublishedRoutingTableClients {
  ssm?: SSMClient;
  s3?: S3Client;
}

/** Where the table is when it is too big for an SSM parameter value. */
interface S3Pointer {
  bucket: string;
  key: string;
}

/**
 * Reads the routing table a service publishes for producers outside it: the SSM parameter's value
 * is the table JSON, or a pointer `{"s3":{"bucket","key"}}` to an S3 object holding it.
 * Nothing is cached: the table gains tenants over time, so when to reload is the caller's choice
 * (e.g. once per execution environment, and again on an UnknownTenantError).
 */
export async function loadPublishedRoutingTable(
  parameterName: string,
  clients: PublishedRoutingTableClients = {},
): Promise<RoutingTable> {
  const origin = `SSM parameter ${parameterName}`;
  const { GetParameterCommand } = await ssmSdk();
  const ssm = clients.ssm ?? (await defaultSsmClient());
  const value = await reading(origin, async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameterName }));
    return Parameter?.Value;
  });

  const pointer = readS3Pointer(value, origin);
  if (pointer === undefined) return parseRoutingTable(value, origin);

  const objectOrigin = `s3://${pointer.bucket}/${pointer.key} (pointed to by ${origin})`;
  const { GetObjectCommand } = await s3Sdk();
  const s3 = clients.s3 ?? (await defaultS3Client());
  const table = await reading(objectOrigin, async () => {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: pointer.bucket, Key: pointer.key }));
    return Body?.transformToString("utf-8");
  });
  return parseRoutingTable(table, objectOrigin);
}

/** Runs one read, so that a missing parameter or object, or a denied read, names what was being read. */
async function reading(origin: string, read: () => Promise<string | undefined>): Promise<string> {
  let text: string | undefined;
  try {
    text = await read();
  } catch (error) {
    const { name, message } = error as Error;
    throw new RoutingTableError(`cannot read ${origin}: ${name}${message ? `: ${message}` : ""}`, { cause: error });
  }
  if (text === undefined) throw new RoutingTableError(`${origin} has no value`);
  return text;
}

/** A table never has an `s3` field, so its presence marks a pointer; anything else is left to the table parser. */
function readS3Pointer(value: string, origin: string): S3Pointer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || !("s3" in parsed)) return undefined;
  const { bucket, key } = (parsed.s3 ?? {}) as Partial<Record<keyof S3Pointer, unknown>>;
  if (typeof bucket !== "string" || bucket === "" || typeof key !== "string" || key === "") {
    throw new RoutingTableError(`${origin} holds an S3 pointer without a bucket and key: ${value}`);
  }
  return { bucket, key };
}
