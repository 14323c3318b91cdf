import { AWS_LIMITS, MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES, SNS_ENVELOPE_OVERHEAD_BYTES } from "../../model/limits.js";
import { queueOf } from "../lookup.js";
import { finding, type Finding, type Rule } from "../rule.js";

const name = "payload-size";

/**
 * What a hop carries for a payload of `payload` bytes. Message attributes count towards SNS's
 * and SQS's limits. Non-raw delivery puts the payload into the SNS envelope as a JSON string, so
 * every `"` and `\` is escaped: at worst the payload doubles, plus the envelope's own fields.
 */
export function publishedBytes(payload: number): number {
  return payload + MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES;
}

export function deliveredBytes(payload: number, rawMessageDelivery: boolean): number {
  return (rawMessageDelivery ? payload : 2 * payload + SNS_ENVELOPE_OVERHEAD_BYTES) + MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES;
}

/** A payload that fits the first hop but not a later one fails silently, far from its producer. */
export const payloadSize: Rule = {
  name,
  why: "every hop (SNS publish, SNS-to-SQS delivery in its escaped envelope, SQS) has its own size limit, message attributes included",
  check(model) {
    const findings: Finding[] = [];
    for (const topic of model.topics) {
      const path = [...topic.source, "maxPayloadBytes"];
      const payload = topic.maxPayloadBytes;
      if (publishedBytes(payload) > AWS_LIMITS.snsMaxPayloadBytes) {
        findings.push(
          finding(
            name,
            path,
            `must be at most ${AWS_LIMITS.snsMaxPayloadBytes - MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES} bytes (SNS publish limit ${AWS_LIMITS.snsMaxPayloadBytes} ` +
              `less ${MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES} for message attributes), got ${payload}; send larger payloads by reference (claim check)`,
          ),
        );
        continue;
      }
      for (const s of model.subscriptions.filter((sub) => sub.topic.id === topic.id)) {
        const queue = queueOf(model, s.queue);
        if (!queue) continue;
        const delivered = deliveredBytes(payload, s.rawMessageDelivery);
        if (delivered <= queue.maxMessageSizeBytes) continue;
        const how = s.rawMessageDelivery
          ? `${payload} bytes plus ${MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES} for message attributes`
          : `${payload} bytes in the SNS envelope (up to 2 x ${payload} escaped, ${SNS_ENVELOPE_OVERHEAD_BYTES} of envelope, ${MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES} for message attributes)`;
        findings.push(
          finding(
            name,
            path,
            `${how}: ${delivered} bytes do not fit queue ${queue.name} (${queue.maxMessageSizeBytes} bytes)` +
              (s.rawMessageDelivery ? "" : `; use rawMessageDelivery or at most ${maxEnvelopedPayload(queue.maxMessageSizeBytes)} bytes`),
          ),
        );
      }
    }
    findings.push(...directPayloads(model));
    return findings;
  },
};

/** Payloads producers send straight to a queue (priority lanes): the body, their attributes and the pattern's. */
function directPayloads(model: Parameters<Rule["check"]>[0]): Finding[] {
  const reported = new Set<string>();
  return model.queues.flatMap((q) => {
    const declared = q.declaredPayload;
    if (!declared) return [];
    const bytes = declared.bytes + MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES + declared.patternAttributeBytes;
    const key = declared.source.join(".");
    if (bytes <= q.maxMessageSizeBytes || reported.has(key)) return [];
    reported.add(key);
    const most = q.maxMessageSizeBytes - MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES - declared.patternAttributeBytes;
    return [
      finding(
        name,
        declared.source,
        `must be at most ${most} bytes (queue ${q.name} takes ${q.maxMessageSizeBytes}, less ${MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES} for message attributes ` +
          `and ${declared.patternAttributeBytes} for the pattern's own), got ${declared.bytes}; send larger payloads by reference (claim check)`,
      ),
    ];
  });
}

function maxEnvelopedPayload(queueBytes: number): number {
  return Math.floor((queueBytes - SNS_ENVELOPE_OVERHEAD_BYTES - MESSAGE_ATTRIBUTES_ALLOWANCE_BYTES) / 2);
}
