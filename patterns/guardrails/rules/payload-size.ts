import { AWS_LIMITS, SNS_ENVELOPE_OVERHEAD_BYTES } from "../../model/limits.js";
import { queueOf } from "../lookup.js";
import { finding, type Finding, type Rule } from "../rule.js";

const name = "payload-size";

/** A payload that fits the first hop but not a later one fails silently, far from its producer. */
export const payloadSize: Rule = {
  name,
  why: "every hop (SNS publish, SNS-to-SQS delivery with its envelope, SQS) has its own size limit",
  check(model) {
    const findings: Finding[] = [];
    for (const topic of model.topics) {
      const path = [...topic.source, "maxPayloadBytes"];
      if (topic.maxPayloadBytes > AWS_LIMITS.snsMaxPayloadBytes) {
        findings.push(finding(name, path, `must be at most ${AWS_LIMITS.snsMaxPayloadBytes} bytes (SNS publish limit), got ${topic.maxPayloadBytes}; send larger payloads by reference (claim check)`));
        continue;
      }
      for (const s of model.subscriptions.filter((sub) => sub.topic.id === topic.id)) {
        const queue = queueOf(model, s.queue);
        if (!queue) continue;
        const delivered = topic.maxPayloadBytes + (s.rawMessageDelivery ? 0 : SNS_ENVELOPE_OVERHEAD_BYTES);
        if (delivered > queue.maxMessageSizeBytes) {
          findings.push(
            finding(name, path, `${topic.maxPayloadBytes} bytes${s.rawMessageDelivery ? "" : ` plus the SNS envelope (${SNS_ENVELOPE_OVERHEAD_BYTES})`} do not fit queue ${queue.name} (${queue.maxMessageSizeBytes} bytes)`),
          );
        }
      }
    }
    return findings;
  },
};
