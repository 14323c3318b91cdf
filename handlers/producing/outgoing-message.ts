import { PAYLOAD_SIZE_ATTRIBUTES } from "../claim-check/pointer.js";
import { BULKHEAD_MESSAGE_ID_ATTRIBUTE, TENANT_ATTRIBUTE } from "../shared/attributes.js";

/** A String message attribute, in the shape both the SQS and the SNS client take. */
export interface StringAttribute {
  DataType: "String";
  StringValue: string;
}

/** The attributes a sender sets from the tenant and key it is given, whatever the caller adds. */
const STAMPED_ATTRIBUTES = [TENANT_ATTRIBUTE, BULKHEAD_MESSAGE_ID_ATTRIBUTE];

/**
 * A missing key would put all of a sender's messages under one bulkhead-message-id (and, through
 * the shard router, on one shard), and consumers deduplicating on it would drop all but the first.
 */
export function requireKey(key: string): string {
  if (typeof key !== "string" || key === "") {
    throw new TypeError(`a non-empty string key is required to send a message, got ${JSON.stringify(key)}`);
  }
  return key;
}

/** The message body: the payload as JSON, which is what consumers parse. */
export function encodePayload(payload: unknown): string {
  const body = JSON.stringify(payload);
  if (body === undefined) throw new TypeError(`payload has no JSON form (got ${typeof payload})`);
  return body;
}

/** The caller's attributes, plus `tenant` when there is one and `bulkhead-message-id`, which consumers read. */
export function stampedAttributes(
  own: Record<string, string>,
  stamp: { tenant?: string; id: string },
  sender: string,
): Record<string, StringAttribute> {
  const clash = STAMPED_ATTRIBUTES.find((name) => Object.hasOwn(own, name));
  if (clash !== undefined) {
    throw new Error(`message attribute "${clash}" is set by the ${sender} from the tenant and key it is given; use another name`);
  }
  // Set only on a message whose body is a claim-check pointer: consumers would take any other body for one.
  const reserved = PAYLOAD_SIZE_ATTRIBUTES.find((name) => Object.hasOwn(own, name));
  if (reserved !== undefined) {
    throw new Error(`message attribute "${reserved}" is reserved: it marks a message sent by reference through the claim-check bucket (AWS's extended-client format); use another name`);
  }
  const all = {
    ...own,
    ...(stamp.tenant === undefined ? {} : { [TENANT_ATTRIBUTE]: stamp.tenant }),
    [BULKHEAD_MESSAGE_ID_ATTRIBUTE]: stamp.id,
  };
  return Object.fromEntries(
    Object.entries(all).map(([name, value]) => [name, { DataType: "String", StringValue: value }]),
  );
}

/**
 * What `sendsTo` gives a function for a pattern, from its environment; without it, the error
 * says what is missing and how to get it (`what`: "a topic to publish \"x\" events to").
 */
export function sendsToSetting(env: Readonly<Record<string, string | undefined>>, name: string, pattern: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set, so there is no ${what}; add "${pattern}" to the function's sendsTo in the service spec`);
  return value;
}
