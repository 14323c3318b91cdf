import type { InvocationOutcome } from "./batch-response.js";
import type { LocalEndpoints } from "./emulators.js";

export type { LocalEndpoints } from "./emulators.js";
export type { InvocationOutcome } from "./batch-response.js";

export interface StartLocalServiceOptions {
  /** The spec's environment whose model runs; default the first the spec lists. */
  readonly env?: string;
  /** Where handlers are bundled from and `.bulkhead/dev/` is written; default the current folder. */
  readonly projectRoot?: string;
  /** Every invocation and every line the functions print; nothing is printed otherwise. */
  readonly onEvent?: (event: LocalEvent) => void;
  /**
   * Watch the handlers' files (and what they import inside the project) and, when one changes,
   * rebuild the bundles and start new execution environments with the new code (a `code` event
   * says what happened). Default false.
   */
  readonly watch?: boolean;
  /**
   * Publish this run in `.bulkhead/dev/<run>/service.json` (spec, environment, endpoints, pid, the
   * resources' ARNs) until it stops, so that `bulkhead send` and `connectToLocalService` find it.
   * `bulkhead dev` does; tests need not. Default false.
   */
  readonly publish?: boolean;
}

export interface SendOptions {
  /** Required for tenant-aware patterns (shuffle-sharded queues, tenant silos); optional elsewhere. */
  readonly tenant?: string;
  /** Priority queues only; default high. */
  readonly priority?: "high" | "low";
  /** More String message attributes (a fan-out's subscribers filter on them). */
  readonly attributes?: Record<string, string>;
  /** The business key the deterministic message id comes from; default a fresh UUID. */
  readonly key?: string;
}

/** Where a send went. */
export interface SendResult {
  readonly pattern: string;
  /** The topic or queue (by name as synthesized) the producer sent to. */
  readonly to: string;
  /** The same for every send of the pattern and key (for a shard or silo, and tenant): what consumers deduplicate on. */
  readonly bulkheadMessageId: string;
  readonly key: string;
}

/** What keeps a service from being idle. */
export interface Activity {
  /** Batches taken from a queue and not yet settled. */
  readonly batches: number;
  /** Every consumed queue that holds a message, visible, delayed or in flight. */
  readonly queues: readonly { readonly name: string; readonly visible: number; readonly delayed: number; readonly inFlight: number }[];
}

export interface LocalService {
  /** Sends as a producer with the pattern in its `sendsTo` would, through the same runtime producer. */
  send(pattern: string, body: unknown, options?: SendOptions): Promise<SendResult>;
  /** Why the send could not be made (an unknown pattern, a missing tenant…), without sending; undefined when it could. */
  checkSend(pattern: string, options?: SendOptions): string | undefined;
  /** What is still being worked on now; nothing when idle. */
  activity(): Activity;
  /** Resolves once every consumed queue is empty (visible, delayed and in flight) and no batch is running; rejects after `timeoutMs` (default 60 s). */
  waitForIdle(options?: { timeoutMs?: number }): Promise<void>;
  report(): LocalReport;
  /** Stops the event sources, the functions and the emulators, and removes `.bulkhead/dev/<run>`. */
  stop(): Promise<void>;
  readonly endpoints: LocalEndpoints;
  /** The environment that runs. */
  readonly environment: string;
  /** The service as synthesized (`orders`). */
  readonly service: string;
}

export interface FunctionReport {
  readonly invocations: number;
  readonly processed: number;
  readonly duplicate: number;
  /** Records reported for retry, as the runtime counts them. */
  readonly failed: number;
  readonly deferred: number;
  readonly expired: number;
  readonly tenantRejected: number;
  readonly deferredForTime: number;
  /** Invocations stopped at the function's timeout (they print no counts: their records are in none of the above). */
  readonly timedOut: number;
  /** Invocations that threw, crashed or answered what Lambda takes for a failed batch. */
  readonly errors: number;
}

export interface LocalReport {
  /** By function name as synthesized (`orders-dev-order-events-billing`). */
  readonly functions: Readonly<Record<string, FunctionReport>>;
  /** Messages in each DLQ (by queue name as synthesized) now. */
  readonly deadLetterQueues: Readonly<Record<string, number>>;
}

export type LocalEvent = InvocationEvent | LogEvent | ProblemEvent | WarningEvent | CodeEvent;

export interface InvocationEvent {
  readonly kind: "invocation";
  readonly function: string;
  /** The queue the batch came from (by name as synthesized). */
  readonly queue: string;
  readonly batchSize: number;
  readonly outcome: InvocationOutcome;
  readonly durationMs: number;
  /** Records not deleted: they come back after the visibility timeout. */
  readonly failed: number;
  /** When the outcome is "error": what the function threw, or why Lambda would reject its response. */
  readonly error?: string;
  /** What the runtime's EMF document counted for this batch (processed, duplicate, failed…); absent when it printed none (a timeout, a crash). */
  readonly counts?: Readonly<Record<"processed" | "duplicate" | "failed" | "deferred" | "expired" | "tenantRejected" | "deferredForTime", number>>;
}

export interface LogEvent {
  readonly kind: "log";
  readonly function: string;
  readonly stream: "stdout" | "stderr";
  readonly line: string;
}

/** Something the local runtime itself ran into (a failed receive or delete). */
export interface ProblemEvent {
  readonly kind: "problem";
  readonly message: string;
}

/** Where this run differs from AWS in a way the developer should know (an older Node.js than the functions declare). */
export interface WarningEvent {
  readonly kind: "warning";
  readonly message: string;
}

/**
 * A watched file changed (`watch: true`). "reloaded": the named functions' bundles changed, and
 * their next invocations start new execution environments with the new code (invocations already
 * running finish on the old). "unchanged": no function's bundle changed (a comment, a type).
 * "failed": a handler no longer builds; `problems` says where, and every function keeps its code.
 */
export interface CodeEvent {
  readonly kind: "code";
  readonly outcome: "reloaded" | "unchanged" | "failed";
  /** The changed files, relative to the project. */
  readonly files: readonly string[];
  /** The functions that now run new code ("reloaded"). */
  readonly functions: readonly string[];
  /** Located build errors, one per line, as check prints them ("failed"). */
  readonly problems: readonly string[];
  readonly durationMs: number;
}
