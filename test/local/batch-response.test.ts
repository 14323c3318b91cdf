import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { settle } from "../../local/batch-response.js";

const records = ["m-1", "m-2", "m-3"].map((messageId) => ({ messageId, receiptHandle: `r-${messageId}` }) as SQSRecord);
const deleted = (s: ReturnType<typeof settle>) => s.done.map((r) => r.messageId);
const respond = (response: unknown) => ({ kind: "response" as const, response });

describe("what the event source deletes after an invocation (Lambda's rules for ReportBatchItemFailures)", () => {
  it("deletes every record not reported, and none of those reported", () => {
    const s = settle(records, respond({ batchItemFailures: [{ itemIdentifier: "m-2" }] }), true);
    expect([s.outcome, deleted(s)]).toEqual(["partial", ["m-1", "m-3"]]);
  });

  it("takes a null or empty response, or an empty or null list, for a complete success", () => {
    for (const response of [null, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      const s = settle(records, respond(response), true);
      expect([s.outcome, deleted(s)], JSON.stringify(response)).toEqual(["ok", ["m-1", "m-2", "m-3"]]);
    }
  });

  it("deletes nothing when the function threw or timed out", () => {
    expect(deleted(settle(records, { kind: "error", error: { errorType: "Error", errorMessage: "boom" } }, true))).toEqual([]);
    expect(settle(records, { kind: "timeout" }, true)).toEqual({ outcome: "timeout", done: [] });
  });

  it("fails the whole batch for a malformed entry: no identifier, an empty one, one not in the batch, or no list at all", () => {
    for (const response of [{ batchItemFailures: [{}] }, { batchItemFailures: [{ itemIdentifier: "" }] }, { batchItemFailures: [{ itemIdentifier: "m-9" }] }, { batchItemFailures: "m-1" }, "ok"]) {
      const s = settle(records, respond(response), true);
      expect([s.outcome, deleted(s)], JSON.stringify(response)).toEqual(["error", []]);
      expect(s.invalidResponse).toBeDefined();
    }
  });

  it("ignores the response without ReportBatchItemFailures: a returning function succeeded", () => {
    expect(deleted(settle(records, respond({ batchItemFailures: [{ itemIdentifier: "m-2" }] }), false))).toEqual(["m-1", "m-2", "m-3"]);
  });
});
