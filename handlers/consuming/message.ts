import type { SQSRecord } from "aws-lambda";
import type { ClaimCheckReader } from "../claim-check/fetch.js";
import { EXTENDED_PAYLOAD_SIZE_ATTRIBUTE, LEGACY_PAYLOAD_SIZE_ATTRIBUTE } from "../claim-check/pointer.js";
import type { MessageFormat } from "./config.js";
import { MalformedMessageError } from "./errors.js";
import { BULKHEAD_MESSAGE_ID_ATTRIBUTE, TENANT_ATTRIBUTE } from "../shared/attributes.js";
import { unwrapSnsEnvelope } from "./sns-envelope.js";

/** One SQS record, decoded according to BULKHEAD_MESSAGE_FORMAT. */
export interface ConsumerMessage {
  /**
   * The id that stays the same across redeliveries: the SNS MessageId when enveloped (SNS can
   * deliver one notification twice, as two SQS messages with different ids), else the SQS message id.
   */
  id: string;
  /** The `bulkhead-message-id` attribute, when the producer set one. */
  bulkheadMessageId?: string;
  /** The parsed message, read from the claim-check bucket when the message was sent by reference. */
  payload: unknown;
  tenant?: string;
}

/**
 * Decodes a record: unwraps the SNS envelope when there is one, then, when the message is marked as
 * sent by reference (the extended clients' ExtendedPayloadSize attribute: an SNS attribute when
 * enveloped, else an SQS one), reads the original body through the claim check before parsing it.
 */
export async function readMessage(record: SQSRecord, format: MessageFormat, readClaimCheck: ClaimCheckReader): Promise<ConsumerMessage> {
  const attribute = (names: readonly string[], value: (name: string) => string | undefined) =>
    names.map(value).find((found) => found !== undefined);
  // A pointer's body goes to the claim check as text, malformed or not, so that its failure names it.
  const decode = async (text: string, what: string, size: string | undefined) =>
    size === undefined ? parseJson(text, what) : parseJson(await readClaimCheck(text, size), `claim-checked payload of the ${what}`);

  if (format === "raw") {
    const sqsAttribute = (name: string) => record.messageAttributes?.[name]?.stringValue;
    return {
      id: record.messageId,
      bulkheadMessageId: sqsAttribute(BULKHEAD_MESSAGE_ID_ATTRIBUTE),
      payload: await decode(record.body, "SQS message body", attribute(PAYLOAD_SIZE, sqsAttribute)),
      tenant: sqsAttribute(TENANT_ATTRIBUTE),
    };
  }
  const envelope = unwrapSnsEnvelope(parseJson(record.body, "SQS message body"));
  const snsAttribute = (name: string) => envelope.MessageAttributes?.[name]?.Value;
  return {
    id: envelope.MessageId,
    bulkheadMessageId: snsAttribute(BULKHEAD_MESSAGE_ID_ATTRIBUTE),
    payload: await decode(envelope.Message, "SNS Message", attribute(PAYLOAD_SIZE, snsAttribute)),
    tenant: snsAttribute(TENANT_ATTRIBUTE),
  };
}

/** The current name first, as the extended clients look them up. */
const PAYLOAD_SIZE = [EXTENDED_PAYLOAD_SIZE_ATTRIBUTE, LEGACY_PAYLOAD_SIZE_ATTRIBUTE];

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedMessageError(`${what} is not JSON`, { cause: error });
  }
}
