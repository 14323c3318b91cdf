/** Where a claim-check pointer led, as far as it could be read: what a failed record's log line names. */
export interface PointerDescription {
  /** The message body that claimed to be a pointer (cut to 512 characters). */
  body: string;
  bucket?: string;
  key?: string;
  /** The ExtendedPayloadSize (or SQSLargePayloadSize) attribute: the original body's size in bytes, as the producer said. */
  size?: string;
}

/**
 * The claim-check variables a producer has do not make sense together, or do not say what they
 * must (a threshold without its bucket, a value that is not a number of bytes). Thrown on a send
 * before anything is stored or sent.
 */
export class ClaimCheckConfigError extends Error {
  override name = "ClaimCheckConfigError";
}

/**
 * A message marked as claim-checked whose payload could not be read: a malformed pointer, an
 * object that is missing or not readable, a bucket other than the consumer's, or a consumer without
 * a claim-check bucket. Fails its record only.
 */
export class ClaimCheckError extends Error {
  override name = "ClaimCheckError";
  readonly pointer: PointerDescription;

  constructor(message: string, pointer: PointerDescription, options?: ErrorOptions) {
    super(message, options);
    this.pointer = pointer;
  }
}
