import { randomUUID } from "node:crypto";
import { ListObjectsV2Command, PutObjectCommand, S3ServiceException, type S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordScope, TenantData } from "../../handlers/index.js";
import { consumerUnderTest, uniqueName } from "./support/consumer.js";
import { rawRecord } from "./support/events.js";
import type { CountedClient } from "./support/fauxqs.js";
import { useLocalServices } from "./support/local-services.js";

const DATA_TABLE = "orders-dev-reports-data";
const BUCKET = "orders-dev-reports-data";
const local = useLocalServices();
beforeAll(async () => {
  await local.db.createTenantTable(DATA_TABLE);
  local.aws.server.createBucket(BUCKET);
});

/**
 * A tenant's silo configured as the synthesizer does when the pattern declares `data`, invoked
 * once so its handler's scope can be looked at; the clients it hands out are the execution
 * environment's, usable after the record as during it.
 */
async function silo(tenant: string, data: Record<string, string> = { BULKHEAD_TENANT_TABLE: DATA_TABLE, BULKHEAD_TENANT_BUCKET: `arn:aws:s3:::${BUCKET}` }) {
  const s3 = local.aws.s3Client();
  let scope: RecordScope | undefined;
  const consumer = consumerUnderTest(
    local,
    async (_payload, s) => {
      scope = s;
    },
    { functionName: uniqueName(`orders-reports-${tenant}`), env: { BULKHEAD_TENANT: tenant, ...data }, options: { s3: s3.client } },
  );
  await consumer.invokeWith(rawRecord({}, { tenant }));
  return { scope: scope!, data: scope!.tenantData as Required<TenantData>, s3 };
}

/**
 * Makes the client answer a request for one of these full keys with the S3 error given, before it is
 * sent: what the real S3 answers a silo's role, which fauxqs (no IAM) cannot.
 */
function answerErrors(s3: CountedClient<S3Client>, errors: Record<string, { name: string; status: number }>) {
  s3.client.middlewareStack.add(
    (next) => async (args) => {
      const error = errors[(args as { input?: { Key?: string } }).input?.Key ?? ""];
      if (error === undefined) return next(args);
      throw new S3ServiceException({ name: error.name, message: error.name, $fault: error.status < 500 ? "client" : "server", $metadata: { httpStatusCode: error.status } });
    },
    { step: "initialize", name: "answerErrors" },
  );
}

/** Every object of the bucket, by full key. */
async function objectKeys(s3: CountedClient<S3Client>) {
  const { Contents = [] } = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return Contents.map((c) => c.Key);
}

describe("the tenant table", () => {
  it("stores items under `<tenant>#<pk>` and hands them back without the prefix", async () => {
    const pk = `order-${randomUUID().slice(0, 6)}`;
    const { data } = await silo("acme");

    await data.table.put({ pk, sk: "v1", amount: 10, note: undefined });

    expect(await data.table.get({ pk, sk: "v1" })).toEqual({ pk, sk: "v1", amount: 10 });
    const stored = (await local.db.items(DATA_TABLE)).filter((item) => String(item.pk).endsWith(pk));
    expect(stored).toEqual([{ pk: `acme#${pk}`, sk: "v1", amount: 10 }]);
  });

  it("keeps two tenants' items apart, even under the same pk, or one that looks like the other's prefix", async () => {
    const pk = `order-${randomUUID().slice(0, 6)}`;
    const [acme, globex] = await Promise.all([silo("acme"), silo("globex")]);

    await acme.data.table.put({ pk, sk: "v1", owner: "acme" });
    await globex.data.table.put({ pk, sk: "v1", owner: "globex" });
    // Reaching for globex's partition by naming it lands in acme's own.
    await acme.data.table.put({ pk: `globex#${pk}`, sk: "v1", owner: "acme" });

    expect(await acme.data.table.get({ pk, sk: "v1" })).toMatchObject({ owner: "acme" });
    expect(await globex.data.table.get({ pk, sk: "v1" })).toMatchObject({ owner: "globex" });
    expect(await globex.data.table.query(pk)).toEqual([{ pk, sk: "v1", owner: "globex" }]);
    expect(await globex.data.table.get({ pk: `globex#${pk}`, sk: "v1" })).toBeUndefined();
    const stored = (await local.db.items(DATA_TABLE)).filter((item) => String(item.pk).endsWith(pk)).map((item) => `${item.pk} ${item.owner}`);
    expect(stored.sort()).toEqual([`acme#globex#${pk} acme`, `acme#${pk} acme`, `globex#${pk} globex`]);
  });

  it("queries one partition in sort key order, by sort key prefix and up to a limit, and deletes", async () => {
    const pk = `customer-${randomUUID().slice(0, 6)}`;
    const { data } = await silo("acme");
    for (const sk of ["order#2", "invoice#1", "order#1", "order#3"]) await data.table.put({ pk, sk });

    expect((await data.table.query(pk)).map((item) => item.sk)).toEqual(["invoice#1", "order#1", "order#2", "order#3"]);
    expect((await data.table.query(pk, { skPrefix: "order#" })).map((item) => item.sk)).toEqual(["order#1", "order#2", "order#3"]);
    expect((await data.table.query(pk, { skPrefix: "order#", limit: 2 })).map((item) => [item.pk, item.sk])).toEqual([
      [pk, "order#1"],
      [pk, "order#2"],
    ]);
    await data.table.delete({ pk, sk: "order#2" });
    expect(await data.table.get({ pk, sk: "order#2" })).toBeUndefined();
    expect(await data.table.query(pk, { skPrefix: "order#" })).toHaveLength(2);
  });

  it("follows DynamoDB's pages: a partition over 1 MB comes back whole", async () => {
    const pk = `archive-${randomUUID().slice(0, 6)}`;
    const { data } = await silo("acme");
    // Four items near DynamoDB's 400 KB item limit do not fit in one 1 MB page.
    const blob = "x".repeat(390_000);
    for (const sk of ["a", "b", "c", "d"]) await data.table.put({ pk, sk, blob });

    expect((await data.table.query(pk)).map((item) => item.sk)).toEqual(["a", "b", "c", "d"]);
  });

  it("refuses an empty pk or sk before calling DynamoDB", async () => {
    const { data } = await silo("acme");

    await expect(data.table.get({ pk: "", sk: "v1" })).rejects.toThrow('pk must be a non-empty string, got ""');
    await expect(data.table.put({ pk: "p", sk: "" })).rejects.toThrow('sk must be a non-empty string, got ""');
    await expect(data.table.query("")).rejects.toThrow(TypeError);
  });
});

describe("the tenant bucket", () => {
  it("keeps objects under tenants/<tenant>/, with keys relative to it, apart from another tenant's", async () => {
    const dir = `reports-${randomUUID().slice(0, 6)}`;
    const [acme, globex] = await Promise.all([silo("acme"), silo("globex")]);

    await acme.data.bucket.put(`${dir}/march.json`, '{"total":10}', { contentType: "application/json" });
    await acme.data.bucket.put(`${dir}/logo.png`, new Uint8Array([137, 80, 78, 71]));
    await globex.data.bucket.put(`${dir}/march.json`, '{"total":99}');

    expect(await acme.data.bucket.getText(`${dir}/march.json`)).toBe('{"total":10}');
    expect(await globex.data.bucket.getText(`${dir}/march.json`)).toBe('{"total":99}');
    expect(await acme.data.bucket.getBytes(`${dir}/logo.png`)).toEqual(new Uint8Array([137, 80, 78, 71]));
    expect(await globex.data.bucket.getBytes(`${dir}/logo.png`)).toBeUndefined();
    expect(await acme.data.bucket.list(`${dir}/`)).toEqual([`${dir}/logo.png`, `${dir}/march.json`]);
    expect(await globex.data.bucket.list(dir)).toEqual([`${dir}/march.json`]);
    expect((await objectKeys(acme.s3)).filter((key) => key?.includes(dir)).sort()).toEqual([
      `tenants/acme/${dir}/logo.png`,
      `tenants/acme/${dir}/march.json`,
      `tenants/globex/${dir}/march.json`,
    ]);

    await acme.data.bucket.delete(`${dir}/march.json`);
    expect(await acme.data.bucket.getText(`${dir}/march.json`)).toBeUndefined();
    expect(await globex.data.bucket.getText(`${dir}/march.json`)).toBe('{"total":99}');
  });

  it("reads a missing object as undefined when S3 answers AccessDenied, as it answers a role that may list only its own prefix", async () => {
    const dir = `denied-${randomUUID().slice(0, 6)}`;
    const { data, s3 } = await silo("acme");
    const denied = { name: "AccessDenied", status: 403 };
    answerErrors(s3, { [`tenants/acme/${dir}/missing.json`]: denied, [`tenants/acme/${dir}/unwritable.json`]: denied, [`tenants/acme/${dir}/busy.json`]: { name: "SlowDown", status: 503 } });

    expect(await data.bucket.getText(`${dir}/missing.json`)).toBeUndefined();
    expect(await data.bucket.getBytes(`${dir}/missing.json`)).toBeUndefined();
    // Only a get: a put or delete refused is still an error, and so is anything else a get is answered.
    await expect(data.bucket.put(`${dir}/unwritable.json`, "{}")).rejects.toThrow(expect.objectContaining({ name: "AccessDenied" }));
    await expect(data.bucket.delete(`${dir}/unwritable.json`)).rejects.toThrow(expect.objectContaining({ name: "AccessDenied" }));
    await expect(data.bucket.getText(`${dir}/busy.json`)).rejects.toThrow(expect.objectContaining({ name: "SlowDown" }));
    await expect(data.bucket.getBytes(`${dir}/busy.json`)).rejects.toThrow(expect.objectContaining({ name: "SlowDown" }));
    expect(s3.calls("GetObjectCommand")).toBe(4);
  });

  it("lists past S3's 1000 keys a page", async () => {
    const dir = `bulk-${randomUUID().slice(0, 6)}`;
    const { data, s3 } = await silo("acme");
    const keys = Array.from({ length: 1005 }, (_, i) => `${dir}/${String(i).padStart(4, "0")}`);
    for (let start = 0; start < keys.length; start += 100) {
      await Promise.all(keys.slice(start, start + 100).map((key) => s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `tenants/acme/${key}`, Body: "" }))));
    }

    expect(await data.bucket.list(`${dir}/`)).toEqual(keys);
  });

  it.each(["", "/reports/march.json", "../globex/march.json", "reports/./march.json"])("refuses the key %j before calling S3", async (key) => {
    const { data, s3 } = await silo("acme");

    await expect(data.bucket.getText(key)).rejects.toThrow(TypeError);
    await expect(data.bucket.put(key, "x")).rejects.toThrow("an object key must be a non-empty string, relative to the tenant's prefix");
    await expect(data.bucket.delete(key)).rejects.toThrow(TypeError);
    expect(s3.commands).toEqual([]);
  });

  it("refuses a list prefix starting with /", async () => {
    const { data } = await silo("acme");

    await expect(data.bucket.list("/reports")).rejects.toThrow(TypeError);
  });
});

describe("the scope", () => {
  it("has only the clients the environment names, and none without data", async () => {
    const tableOnly = await silo("acme", { BULKHEAD_TENANT_TABLE: DATA_TABLE });
    const bucketOnly = await silo("acme", { BULKHEAD_TENANT_BUCKET: `arn:aws:s3:::${BUCKET}` });
    const none = await silo("acme", {});

    expect(Object.keys(tableOnly.scope.tenantData!)).toEqual(["table"]);
    expect(tableOnly.scope.tenantData!.table!.tableName).toBe(DATA_TABLE);
    expect(Object.keys(bucketOnly.scope.tenantData!)).toEqual(["bucket"]);
    expect(bucketOnly.scope.tenantData!.bucket!.bucketName).toBe(BUCKET);
    expect(none.scope.tenantData).toBeUndefined();
    expect(none.scope.tenant).toBe("acme");
  });
});
