import type { SQSRecord } from "aws-lambda";
import type { RawOutcome } from "./function-runner.js";

export type InvocationOutcome = "ok" | "partial" | "error" | "timeout";

export interface Settlement {
  readonly outcome: InvocationOutcome;
  /** Records Lambda deletes from the queue; the rest become visible again after the visibility timeout. */
  readonly done: readonly SQSRecord[];
  /** Why nothing was deleted though the function returned, when that is the reason. */
  readonly invalidResponse?: string;
}

/**
 * What Lambda's SQS event source does with a batch once the function returned, as AWS documents
 * it for `ReportBatchItemFailures`: an error or a timeout deletes nothing; a response that is
 * null, empty or has an empty (or null) `batchItemFailures` is a complete success; otherwise every
 * record not listed is deleted, unless an entry is malformed (empty or missing `itemIdentifier`,
 * or one that is not a message of the batch), which fails the whole batch. Without
 * `ReportBatchItemFailures`, any response is a complete success.
 */
export function settle(records: readonly SQSRecord[], outcome: RawOutcome, reportBatchItemFailures: boolean): Settlement {
  if (outcome.kind === "timeout") return { outcome: "timeout", done: [] };
  if (outcome.kind === "error") return { outcome: "error", done: [] };
  if (!reportBatchItemFailures) return { outcome: "ok", done: records };
  const response = outcome.response;
  if (response === null || response === undefined) return { outcome: "ok", done: records };
  if (typeof response !== "object" || Array.isArray(response)) return invalid(`the response is not an object: ${JSON.stringify(response)}`);
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { outcome: "ok", done: records };
  if (!Array.isArray(failures)) return invalid("batchItemFailures is not a list");
  const ids = new Set(records.map((r) => r.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || id === "") return invalid(`batchItemFailures holds an entry without an itemIdentifier: ${JSON.stringify(failure)}`);
    if (!ids.has(id)) return invalid(`batchItemFailures names ${id}, which is not a message of the batch`);
    failed.add(id);
  }
  return { outcome: failed.size === 0 ? "ok" : "partial", done: records.filter((r) => !failed.has(r.messageId)) };
}

function invalid(reason: string): Settlement {
  return { outcome: "error", done: [], invalidResponse: reason };
}
