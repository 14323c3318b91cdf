import { CLAIM_CHECK_MAX_BYTES, PAYLOAD_MEMORY_FACTOR } from "../../model/limits.js";
import type { FunctionModel, ServiceModel, SpecPath } from "../../model/types.js";
import { finding, type Finding, type Rule } from "../rule.js";

const name = "payload-size";

/**
 * A body over a hop's limit travels by reference through S3 (claim check), but some payloads fit
 * no hop even so: over the extended clients' 2 GiB, or too large for a consumer to hold in memory
 * (the fetched text and the parsed object, about three times the payload), which fails every
 * delivery of it until the DLQ.
 */
export const payloadSize: Rule = {
  name,
  why: "a declared payload over what even a claim check carries (2 GiB), or more than a consumer's memory holds, fails on every delivery",
  check(model) {
    return declaredPayloads(model).flatMap(({ pattern, bytes, source }) => {
      if (bytes > CLAIM_CHECK_MAX_BYTES) {
        return [finding(name, source, `must be at most ${CLAIM_CHECK_MAX_BYTES} bytes, the most a message carries even by reference through S3 (claim check), got ${bytes}`)];
      }
      return consumersOf(model, pattern)
        .filter((f) => bytes * PAYLOAD_MEMORY_FACTOR > f.memoryMb * 1024 * 1024)
        .map((f): Finding => {
          const needed = Math.ceil((bytes * PAYLOAD_MEMORY_FACTOR) / (1024 * 1024));
          return finding(name, f.settingPaths.memoryMb, `${f.name} has ${f.memoryMb} MB for payloads of up to ${bytes} bytes, which take about ${PAYLOAD_MEMORY_FACTOR}x their size once fetched and parsed: give it memoryMb ${needed} or more`);
        });
    });
  },
};

function declaredPayloads(model: ServiceModel): { pattern: string; bytes: number; source: SpecPath }[] {
  const topics = model.topics.map((t) => ({ pattern: t.id, bytes: t.maxPayloadBytes, source: [...t.source, "maxPayloadBytes"] }));
  const direct = new Map<string, { pattern: string; bytes: number; source: SpecPath }>();
  for (const q of model.queues) if (q.declaredPayload) direct.set(q.pattern, { pattern: q.pattern, bytes: q.declaredPayload.bytes, source: q.declaredPayload.source });
  return [...topics, ...direct.values()];
}

function consumersOf(model: ServiceModel, pattern: string): FunctionModel[] {
  const queues = new Set(model.queues.filter((q) => q.pattern === pattern).map((q) => q.id));
  return model.functions.filter((f) => f.eventSources.some((e) => queues.has(e.queue.id)));
}
