/**
 * The claim-check format of AWS's extended clients (payload-offloading-java-common-lib-for-aws,
 * amazon-sqs-java-extended-client-lib, amazon-sns-java-extended-client-lib and their Python
 * counterparts), so that their producers and consumers interoperate with bulkhead's:
 *
 * - the body is Jackson's default-typed form of PayloadS3Pointer, a JSON array of the class name and
 *   the fields: `["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"b","s3Key":"k"}]`;
 * - the message carries the Number attribute `ExtendedPayloadSize`, the original body's UTF-8 byte
 *   length. The attribute, not the body, marks a message as a pointer.
 *
 * Readers also accept what older clients write: the class `com.amazon.sqs.javamessaging.MessageS3Pointer`
 * and the attribute `SQSLargePayloadSize` (Java's LEGACY_RESERVED_ATTRIBUTE_NAME, Python's use_legacy_attribute).
 */

export const POINTER_CLASS = "software.amazon.payloadoffloading.PayloadS3Pointer";
export const LEGACY_POINTER_CLASS = "com.amazon.sqs.javamessaging.MessageS3Pointer";

/** The attribute that marks a message whose body is a pointer; its value is the original body's size in bytes. */
export const EXTENDED_PAYLOAD_SIZE_ATTRIBUTE = "ExtendedPayloadSize";
export const LEGACY_PAYLOAD_SIZE_ATTRIBUTE = "SQSLargePayloadSize";

/** Attribute names a producer's caller may not set: consumers (bulkhead's and the extended clients') would take the body for a pointer. */
export const PAYLOAD_SIZE_ATTRIBUTES: readonly string[] = [EXTENDED_PAYLOAD_SIZE_ATTRIBUTE, LEGACY_PAYLOAD_SIZE_ATTRIBUTE];

/** SQS takes ten message attributes, and a pointer message needs one of them (the extended clients' MAX_ALLOWED_ATTRIBUTES). */
export const MAX_ATTRIBUTES_WITH_POINTER = 10 - 1;

export interface PayloadPointer {
  bucket: string;
  key: string;
}

/** The pointer body, byte for byte what the Java clients write (no whitespace, bucket before key). */
export function encodePointer({ bucket, key }: PayloadPointer): string {
  return JSON.stringify([POINTER_CLASS, { s3BucketName: bucket, s3Key: key }]);
}

/** Reads a pointer body (any JSON whitespace, either class name); undefined when it is not one. */
export function parsePointer(body: string): PayloadPointer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [kind, fields] = parsed as [unknown, unknown];
  if (kind !== POINTER_CLASS && kind !== LEGACY_POINTER_CLASS) return undefined;
  if (typeof fields !== "object" || fields === null) return undefined;
  const { s3BucketName, s3Key } = fields as Record<string, unknown>;
  if (typeof s3BucketName !== "string" || s3BucketName === "" || typeof s3Key !== "string" || s3Key === "") return undefined;
  return { bucket: s3BucketName, key: s3Key };
}

/**
 * Where a pattern's offloaded body is stored: `<pattern>/<bulkhead-message-id>`. The same for every
 * send of the message (a retried send overwrites its object instead of adding one), and under the
 * pattern's prefix, which is what producer and consumer roles are granted. Both parts are S3-safe
 * as they are: pattern names are `[a-z0-9-]` (the spec's rule), ids 32 hex characters.
 */
export function claimCheckKey(pattern: string, bulkheadMessageId: string): string {
  return `${pattern}/${bulkheadMessageId}`;
}
