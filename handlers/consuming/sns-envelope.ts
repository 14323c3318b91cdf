import type { SNSMessage } from "aws-lambda";
import { MalformedMessageError } from "./errors.js";

/** The fields of an SNS notification, as SQS receives it without raw message delivery, that a consumer reads. */
export type SnsEnvelope = Pick<SNSMessage, "MessageId" | "Message"> &
  Partial<Pick<SNSMessage, "MessageAttributes">>;

/** Checks that a parsed SQS body is an SNS notification; `Message` stays a string for the caller to decode. */
export function unwrapSnsEnvelope(body: unknown): SnsEnvelope {
  const candidate = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (
    candidate.Type !== "Notification" ||
    typeof candidate.MessageId !== "string" ||
    typeof candidate.Message !== "string"
  ) {
    // The usual cause is a subscription switched to raw delivery while the function still expects envelopes.
    throw new MalformedMessageError(
      "body is not an SNS notification (Type 'Notification' with MessageId and Message); " +
        "BULKHEAD_MESSAGE_FORMAT is 'sns-envelope' but the subscription may use raw message delivery",
    );
  }
  return candidate as unknown as SnsEnvelope;
}
