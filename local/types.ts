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

export interface LocalService {
  /** Sends as a producer with the pattern in its `sendsTo` would, through the same runtime producer. */
  send(pattern: string, body: unknown, options?: SendOptions): Promise<void>;
  /** Resolves once every consumed queue is empty (visible, delayed and in flight) and no batch is running; rejects after `timeoutMs` (default 60 s). */
  waitForIdle(options?: { timeoutMs?: number }): Promise<void>;
  report(): LocalReport;
  /** Stops the event sources, the functions and the emulators, and removes `.bulkhead/dev/<run>`. */
  stop(): Promise<void>;
  readonly endpoints: LocalEndpoints;
  /** The environment that runs. */
  readonly environment: string;
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

export type LocalEvent = InvocationEvent | LogEvent | ProblemEvent | WarningEvent;

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
