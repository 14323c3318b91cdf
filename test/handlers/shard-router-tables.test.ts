import { PutObjectCommand } from "@aws-sdk/client-s3";
import { ParameterNotFound, SSMClient, type GetParameterCommandInput } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPublishedRoutingTable, parseRoutingTable, type RoutingTable, RoutingTableError } from "../../handlers/index.js";
import { startLocalAws, type LocalAws } from "./support/fauxqs.js";
import { DUMMY_CREDENTIALS, REGION } from "./support/local-dynamodb.js";

const TABLE: RoutingTable = {
  version: 1,
  pattern: "ingest",
  queues: ["orders-dev-ingest-0", "orders-dev-ingest-1", "orders-dev-ingest-2"],
  tenants: { acme: [0, 2], globex: [1, 2] },
};
const ORIGIN = "SSM parameter /bulkhead/orders/dev/ingest/routing-table";

/** TABLE with some fields replaced, as JSON. */
const tableWith = (changes: Record<string, unknown>) => JSON.stringify({ ...TABLE, ...changes });

describe("parseRoutingTable", () => {
  it("returns a valid table as it is", () => {
    expect(parseRoutingTable(JSON.stringify(TABLE), ORIGIN)).toEqual(TABLE);
  });

  it.each([
    ["not JSON", "{version: 1", "is not JSON"],
    ["not an object", "[1, 2]", "must be a JSON object, got an array"],
    ["another version", tableWith({ version: 2 }), "version must be 1, got 2"],
    ["no pattern", tableWith({ pattern: undefined }), "pattern must be a non-empty string, got nothing"],
    ["no queues", tableWith({ queues: [] }), "queues must be a non-empty array of queue names, got []"],
    ["a queue that is not a name", tableWith({ queues: ["q-0", 7, "q-2"] }), "queues[1] must be a non-empty queue name, got 7"],
    ["a repeated queue", tableWith({ queues: ["q-0", "q-1", "q-0"] }), 'queues[2] repeats queue "q-0"'],
    ["tenants as a list", tableWith({ tenants: [[0, 1]] }), "tenants must be an object of tenant → shard indexes, got an array"],
    ["a tenant without shards", tableWith({ tenants: { acme: [] } }), 'tenants["acme"] must be a non-empty array of shard indexes, got []'],
    ["a shard past the last queue", tableWith({ tenants: { acme: [0, 3] } }), 'tenants["acme"] has shard 3, expected a whole number from 0 to 2'],
    ["a negative shard", tableWith({ tenants: { acme: [-1, 0] } }), 'tenants["acme"] has shard -1'],
    ["a fractional shard", tableWith({ tenants: { acme: [0, 1.5] } }), 'tenants["acme"] has shard 1.5'],
    ["a shard given as text", tableWith({ tenants: { acme: ["0", 1] } }), 'tenants["acme"] has shard "0"'],
    ["a repeated shard", tableWith({ tenants: { acme: [1, 1] } }), 'tenants["acme"] repeats shard 1'],
  ])("rejects %s, naming the origin", (_case, json, problem) => {
    expect(() => parseRoutingTable(json, ORIGIN)).toThrow(RoutingTableError);
    expect(() => parseRoutingTable(json, ORIGIN)).toThrow(`routing table from ${ORIGIN}`);
    expect(() => parseRoutingTable(json, ORIGIN)).toThrow(problem);
  });

  it("lists several problems at once, and counts those past the first five", () => {
    const tenants = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`t${i}`, [9]]));
    const json = tableWith({ version: 0, tenants });
    expect(() => parseRoutingTable(json, ORIGIN)).toThrow(
      /version must be 1, got 0; tenants\["t0"\] has shard 9.*tenants\["t3"\] has shard 9, expected a whole number from 0 to 2 \(and 3 more\)$/,
    );
  });
});

let aws: LocalAws;
const BUCKET = "orders-dev-routing-tables";

beforeAll(async () => {
  aws = await startLocalAws();
  aws.server.createBucket(BUCKET);
});
afterAll(async () => {
  await aws.stop();
});

/**
 * An SSMClient that answers GetParameter from `parameters` (nothing emulates SSM here); the
 * middleware stops the request before it would leave the process. Missing names fail as SSM does.
 */
function ssmWith(parameters: Record<string, string>) {
  const ssm = new SSMClient({ region: REGION, credentials: DUMMY_CREDENTIALS });
  const requested: string[] = [];
  ssm.middlewareStack.add(
    () => async (args) => {
      const { Name = "" } = args.input as GetParameterCommandInput;
      requested.push(Name);
      if (!Object.hasOwn(parameters, Name)) throw new ParameterNotFound({ message: "", $metadata: {} });
      return { output: { Parameter: { Name, Type: "String", Value: parameters[Name] }, $metadata: {} }, response: {} };
    },
    { step: "initialize", name: "answerFromMemory" },
  );
  return { ssm, requested };
}

async function putObject(key: string, body: string) {
  const s3 = aws.s3Client().client;
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

const PARAMETER = "/bulkhead/orders/dev/ingest/routing-table";
const pointerTo = (key: string) => JSON.stringify({ s3: { bucket: BUCKET, key } });

describe("loadPublishedRoutingTable", () => {
  it("reads a table held in the parameter itself, without touching S3", async () => {
    const { ssm, requested } = ssmWith({ [PARAMETER]: JSON.stringify(TABLE) });
    const s3 = aws.s3Client();
    expect(await loadPublishedRoutingTable(PARAMETER, { ssm, s3: s3.client })).toEqual(TABLE);
    expect(requested).toEqual([PARAMETER]);
    expect(s3.commands).toEqual([]);
  });

  it("follows a pointer to the S3 object holding the table", async () => {
    await putObject("orders/dev/ingest.json", JSON.stringify(TABLE));
    const { ssm } = ssmWith({ [PARAMETER]: pointerTo("orders/dev/ingest.json") });
    const s3 = aws.s3Client();
    expect(await loadPublishedRoutingTable(PARAMETER, { ssm, s3: s3.client })).toEqual(TABLE);
    expect(s3.commands).toEqual(["GetObjectCommand"]);
  });

  it("names the object and the parameter pointing to it when the object's table is invalid", async () => {
    await putObject("orders/dev/broken.json", tableWith({ version: 3 }));
    const { ssm } = ssmWith({ [PARAMETER]: pointerTo("orders/dev/broken.json") });
    await expect(loadPublishedRoutingTable(PARAMETER, { ssm, s3: aws.s3Client().client })).rejects.toThrow(
      `routing table from s3://${BUCKET}/orders/dev/broken.json (pointed to by SSM parameter ${PARAMETER}) is invalid: version must be 1, got 3`,
    );
  });

  it("names what it could not read", async () => {
    const { ssm } = ssmWith({ [PARAMETER]: pointerTo("orders/dev/absent.json") });
    const s3 = aws.s3Client().client;
    await expect(loadPublishedRoutingTable(PARAMETER, { ssm, s3 })).rejects.toThrow(
      `cannot read s3://${BUCKET}/orders/dev/absent.json (pointed to by SSM parameter ${PARAMETER}): NoSuchKey`,
    );
    await expect(loadPublishedRoutingTable("/bulkhead/orders/dev/nope", { ssm, s3 })).rejects.toThrow(
      "cannot read SSM parameter /bulkhead/orders/dev/nope: ParameterNotFound",
    );
  });

  it("rejects a pointer without a bucket and key, and a value that is no table", async () => {
    const { ssm } = ssmWith({ "/pointer": JSON.stringify({ s3: { bucket: BUCKET } }), "/text": "ingest" });
    const s3 = aws.s3Client();
    await expect(loadPublishedRoutingTable("/pointer", { ssm, s3: s3.client })).rejects.toThrow(
      "SSM parameter /pointer holds an S3 pointer without a bucket and key",
    );
    await expect(loadPublishedRoutingTable("/text", { ssm, s3: s3.client })).rejects.toThrow(
      "routing table from SSM parameter /text is not JSON",
    );
    expect(s3.commands).toEqual([]);
  });
});
