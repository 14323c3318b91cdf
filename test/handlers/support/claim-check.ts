import { randomUUID } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { LocalAws } from "./fauxqs.js";

export interface StoredObject {
  key: string;
  contentType?: string;
  body: string;
}

/** A claim-check bucket of its own on fauxqs, as the synthesizer creates one per service and environment. */
export function claimCheckBucket(aws: LocalAws) {
  const name = `orders-dev-claim-checks-${randomUUID().slice(0, 8)}`;
  aws.server.createBucket(name);
  const reader = aws.s3Client().client;
  return {
    name,
    arn: `arn:aws:s3:::${name}`,
    /** Every object in the bucket, with its content type and body. */
    async objects(): Promise<StoredObject[]> {
      const { Contents = [] } = await reader.send(new ListObjectsV2Command({ Bucket: name }));
      return Promise.all(
        Contents.map(async ({ Key }) => {
          const object = await reader.send(new GetObjectCommand({ Bucket: name, Key }));
          return { key: Key!, contentType: object.ContentType, body: await object.Body!.transformToString("utf-8") };
        }),
      );
    },
  };
}

/**
 * A payload whose JSON is exactly `bytes` long in UTF-8, with characters of two and three bytes in
 * it, so that a size counted in characters instead of bytes shows.
 */
export function payloadOfBytes(bytes: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const bare = Buffer.byteLength(JSON.stringify({ ...fields, note: "" }), "utf8");
  const room = bytes - bare;
  if (room < 0) throw new Error(`a payload with these fields takes at least ${bare} bytes`);
  const wide = Math.min(100, Math.floor(room / 5));
  const note = "é€".repeat(wide) + "x".repeat(room - wide * 5);
  const payload = { ...fields, note };
  const size = Buffer.byteLength(JSON.stringify(payload), "utf8");
  if (size !== bytes) throw new Error(`built ${size} bytes, not ${bytes}`);
  return payload;
}

/** The pointer body, spelled out as the Java extended client writes it. */
export const pointerBody = (bucket: string, key: string) =>
  `["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"${bucket}","s3Key":"${key}"}]`;
