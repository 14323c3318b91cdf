import type { SQSRecord } from "aws-lambda";
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
  payload: unknown;
  tenant?: string;
}

export function readMessage(record: SQSRecord, format: MessageFormat): ConsumerMessage {
  const body = parseJson(record.body, "SQS message body");
  if (format === "raw") {
    return {
      id: record.messageId,
      bulkheadMessageId: record.messageAttributes?.[BULKHEAD_MESSAGE_ID_ATTRIBUTE]?.stringValue,
      payload: body,
      tenant: record.messageAttributes?.[TENANT_ATTRIBUTE]?.stringValue,
    };
  }
  const envelope = unwrapSnsEnvelope(body);
  return {
    id: envelope.MessageId,
    bulkheadMessageId: envelope.MessageAttributes?.[BULKHEAD_MESSAGE_ID_ATTRIBUTE]?.Value,
    payload: parseJson(envelope.Message, "SNS Message"),
    tenant: envelope.MessageAttributes?.[TENANT_ATTRIBUTE]?.Value,
  };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedMessageError(`${what} is not JSON`, { cause: error });
  }
}
