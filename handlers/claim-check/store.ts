import type { S3Client } from "@aws-sdk/client-s3";
import { defaultS3Client, s3Sdk } from "../shared/aws-sdk.js";
import { claimCheckKey, encodePointer, EXTENDED_PAYLOAD_SIZE_ATTRIBUTE, MAX_ATTRIBUTES_WITH_POINTER } from "./pointer.js";
import { readClaimCheckSettings, type ClaimCheckSettings } from "./settings.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The attribute a pointer message carries, in the shape both the SQS and the SNS client take. */
export interface PayloadSizeAttribute {
  DataType: "Number";
  StringValue: string;
}

/** A message about to be sent: its body and its attributes, in either client's shape. */
export interface OutgoingBody<A> {
  body: string;
  attributes: Record<string, A>;
}

/** A body that goes to the bucket; nothing is stored until `store()`. */
export interface Offload {
  bucketName: string;
  key: string;
  /** The original body's UTF-8 byte length, the attribute's value. */
  bytes: number;
  /** Puts the body in the bucket and gives the message to send in its place. */
  store<A>(message: OutgoingBody<A>): Promise<OutgoingBody<A | PayloadSizeAttribute>>;
}

/** What a producer sending to one pattern does with bodies over the pattern's threshold. */
export interface ClaimCheck {
  readonly pattern: string;
  /**
   * Whether the message's body must be offloaded: undefined when it goes as it is (no threshold for
   * the pattern, or a body within it). The environment is read on the first call; a threshold
   * without its bucket throws ClaimCheckConfigError, and so does every later call until it is fixed.
   * A message to offload with more attributes than a pointer leaves room for throws too.
   */
  plan(message: OutgoingBody<unknown>, bulkheadMessageId: string): Offload | undefined;
  /** plan, then store: the message to send, the given one when it goes as it is. */
  offload<A>(message: OutgoingBody<A>, bulkheadMessageId: string): Promise<OutgoingBody<A | PayloadSizeAttribute>>;
}

export interface ClaimCheckOptions {
  /** Where the bucket and threshold are read from; default `process.env`. */
  env?: Env;
  /** The client objects are put with; the default one is created on the first offload (the S3 SDK loads then too). */
  s3?: S3Client;
}

/**
 * The claim check of a producer for `pattern`. The body goes to `<pattern>/<bulkhead-message-id>`
 * as application/json, and the message carries the extended clients' pointer and
 * ExtendedPayloadSize instead, so AWS's Java and Python extended clients read it as well as
 * bulkhead's consumers. Objects are not deleted by anyone: subscribers of a fan-out share one, and
 * the bucket's lifecycle expiry removes them.
 */
export function createClaimCheck(pattern: string, options: ClaimCheckOptions = {}): ClaimCheck {
  const env = options.env ?? process.env;
  const s3 = (): Promise<S3Client> => (options.s3 ? Promise.resolve(options.s3) : defaultS3Client());
  // Kept once read successfully; a failed read is not kept, so a fixed environment is picked up.
  let settings: { value: ClaimCheckSettings | undefined } | undefined;

  const plan = (message: OutgoingBody<unknown>, id: string): Offload | undefined => {
    settings ??= { value: readClaimCheckSettings(env, pattern) };
    const found = settings.value;
    if (found === undefined) return undefined;
    const bytes = Buffer.byteLength(message.body, "utf8");
    if (bytes <= found.thresholdBytes) return undefined;
    const count = Object.keys(message.attributes).length;
    if (count > MAX_ATTRIBUTES_WITH_POINTER) {
      throw new Error(
        `the body (${bytes} bytes) is over the ${found.thresholdBytes}-byte claim-check threshold of "${pattern}", and a message sent by reference ` +
          `takes at most ${MAX_ATTRIBUTES_WITH_POINTER} message attributes besides ${EXTENDED_PAYLOAD_SIZE_ATTRIBUTE} (SQS allows 10); this one has ${count}`,
      );
    }
    const key = claimCheckKey(pattern, id);
    return {
      bucketName: found.bucketName,
      key,
      bytes,
      async store<A>(outgoing: OutgoingBody<A>) {
        const [{ PutObjectCommand }, client] = await Promise.all([s3Sdk(), s3()]);
        await client.send(new PutObjectCommand({ Bucket: found.bucketName, Key: key, Body: outgoing.body, ContentType: "application/json" }));
        const size: PayloadSizeAttribute = { DataType: "Number", StringValue: String(bytes) };
        return { body: encodePointer({ bucket: found.bucketName, key }), attributes: { ...outgoing.attributes, [EXTENDED_PAYLOAD_SIZE_ATTRIBUTE]: size } };
      },
    };
  };

  return {
    pattern,
    plan,
    async offload(message, id) {
      const offload = plan(message, id);
      return offload === undefined ? message : offload.store(message);
    },
  };
}
