import type { S3Client } from "@aws-sdk/client-s3";
import { s3Sdk } from "../shared/aws-sdk.js";
import { CLAIM_CHECK_BUCKET_VARIABLE } from "./settings.js";
import { ClaimCheckError, type PointerDescription } from "./errors.js";
import { parsePointer } from "./pointer.js";

/** Reads the original body a pointer message stands for. */
export type ClaimCheckReader = (pointerBody: string, size: string) => Promise<string>;

const LOGGED_BODY_CHARS = 512;

/**
 * A consumer's reader of claim-checked payloads, in `bucketName` (BULKHEAD_CLAIM_CHECK_BUCKET), or
 * in no bucket when the consumer has none: then every pointer fails. A pointer to another bucket
 * fails too, before S3 is called: a message must not make the consumer read whatever else its role
 * reaches. Any failure is a ClaimCheckError naming the pointer; the S3 client (and SDK) load on the
 * first pointer.
 */
export function createClaimCheckReader(bucketName: string | undefined, s3: () => Promise<S3Client>): ClaimCheckReader {
  return async (body, size) => {
    const described: PointerDescription = { body: body.length > LOGGED_BODY_CHARS ? `${body.slice(0, LOGGED_BODY_CHARS)}…` : body, size };
    const pointer = parsePointer(body);
    if (pointer === undefined) {
      throw new ClaimCheckError(
        'the message is marked as sent by reference (ExtendedPayloadSize), but its body is not a claim-check pointer (["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName","s3Key"}])',
        described,
      );
    }
    const where = { ...described, bucket: pointer.bucket, key: pointer.key };
    if (bucketName === undefined) {
      throw new ClaimCheckError(
        `the message is sent by reference (s3://${pointer.bucket}/${pointer.key}), but ${CLAIM_CHECK_BUCKET_VARIABLE} is not set on this consumer, so it has no claim-check bucket to read it from`,
        where,
      );
    }
    if (pointer.bucket !== bucketName) {
      throw new ClaimCheckError(`the pointer names bucket "${pointer.bucket}", not this consumer's claim-check bucket "${bucketName}"; not read`, where);
    }
    try {
      const [{ GetObjectCommand }, client] = await Promise.all([s3Sdk(), s3()]);
      const { Body } = await client.send(new GetObjectCommand({ Bucket: pointer.bucket, Key: pointer.key }));
      if (Body === undefined) throw new Error("GetObject returned no body");
      return await Body.transformToString("utf-8");
    } catch (error) {
      const { name, message } = error as Error;
      const why = name === "NoSuchKey" ? "there is no such object (expired, or never stored)" : `${name}: ${message}`;
      throw new ClaimCheckError(`cannot read the claim-checked payload s3://${pointer.bucket}/${pointer.key}: ${why}`, where, { cause: error });
    }
  };
}
