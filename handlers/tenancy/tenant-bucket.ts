import type { S3Client } from "@aws-sdk/client-s3";
import { s3Sdk } from "../shared/aws-sdk.js";

/**
 * The tenant's part of the shared bucket: keys are relative to `tenants/<tenant>/`, the only
 * prefix the role reaches, so handler code cannot name another tenant's objects.
 */
export interface TenantBucket {
  readonly bucketName: string;
  /** The object as UTF-8 text; undefined when there is none (S3's NoSuchKey, or the AccessDenied it answers the silo's role instead). */
  getText(key: string): Promise<string | undefined>;
  /** The object's bytes; undefined when there is none (as for getText). */
  getBytes(key: string): Promise<Uint8Array | undefined>;
  put(key: string, body: string | Uint8Array, options?: { contentType?: string }): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys (relative, like the others) that start with `prefix`, following S3's pages. */
  list(prefix?: string): Promise<string[]>;
}

export function createTenantBucket(bucketName: string, tenant: string, s3: () => Promise<S3Client>): TenantBucket {
  const root = `tenants/${tenant}/`;
  const objectKey = (key: string) => root + relativeKey(key);

  /**
   * The object's body, or undefined when there is none. S3 tells a missing object from a forbidden
   * one only to a caller that may list the bucket: to any other it answers GetObject of a missing key
   * with 403 AccessDenied, not 404 NoSuchKey. A silo's role may list only with an `s3:prefix`
   * condition (its own prefix), which a GetObject request carries no prefix to satisfy, so on the
   * real S3 every missing object answers AccessDenied. Every key here is under the tenant's own
   * prefix, which the role may read (objectKey sees to that), and the bucket is encrypted with
   * S3-managed keys (no KMS grant to be missing), so AccessDenied on it means "not there", and reads
   * as undefined like NoSuchKey. The price: a role that could not read its own prefix at all would
   * read as empty too, though put and list would still fail. Any other error (SlowDown, a bucket
   * that is gone) is thrown.
   */
  const read = async <T>(key: string, decode: (body: { transformToString(): Promise<string>; transformToByteArray(): Promise<Uint8Array> }) => Promise<T>) => {
    const Key = objectKey(key);
    const [{ GetObjectCommand }, client] = await Promise.all([s3Sdk(), s3()]);
    try {
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucketName, Key }));
      return Body === undefined ? undefined : await decode(Body);
    } catch (error) {
      const { name } = error as Error;
      if (name === "NoSuchKey" || name === "AccessDenied") return undefined;
      throw error;
    }
  };

  return {
    bucketName,
    getText: (key) => read(key, (body) => body.transformToString()),
    getBytes: (key) => read(key, (body) => body.transformToByteArray()),
    async put(key, body, { contentType } = {}) {
      const Key = objectKey(key);
      const [{ PutObjectCommand }, client] = await Promise.all([s3Sdk(), s3()]);
      await client.send(new PutObjectCommand({ Bucket: bucketName, Key, Body: body, ...(contentType === undefined ? {} : { ContentType: contentType }) }));
    },
    async delete(key) {
      const Key = objectKey(key);
      const [{ DeleteObjectCommand }, client] = await Promise.all([s3Sdk(), s3()]);
      await client.send(new DeleteObjectCommand({ Bucket: bucketName, Key }));
    },
    async list(prefix = "") {
      if (typeof prefix !== "string" || prefix.startsWith("/")) throw new TypeError(`a list prefix must be a string not starting with "/", got ${JSON.stringify(prefix)}`);
      const [{ ListObjectsV2Command }, client] = await Promise.all([s3Sdk(), s3()]);
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: root + prefix, ContinuationToken }));
        for (const { Key } of page.Contents ?? []) if (Key !== undefined) keys.push(Key.slice(root.length));
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken !== undefined);
      return keys;
    },
  };
}

/**
 * A leading "/" would make `tenants/<tenant>//…`, not the object the caller meant; "." and ".."
 * segments could be resolved by something on the way and reach outside the tenant's prefix.
 */
function relativeKey(key: unknown): string {
  if (typeof key !== "string" || key === "" || key.startsWith("/") || key.split("/").some((segment) => segment === "." || segment === "..")) {
    throw new TypeError(`an object key must be a non-empty string, relative to the tenant's prefix (no leading "/", no "." or ".." segments), got ${JSON.stringify(key)}`);
  }
  return key;
}
