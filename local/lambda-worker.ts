import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { Readable } from "node:stream";

/** An error as the Lambda runtime reports it. */
export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stack?: string;
}

/** How one invocation ended inside a worker (a timeout is the caller's to decide). */
export type WorkerOutcome =
  | { readonly kind: "response"; readonly response: unknown }
  | { readonly kind: "error"; readonly error: LambdaError }
  /** The worker died (uncaught error, unhandled rejection, out of memory): its environment is gone. */
  | { readonly kind: "crash"; readonly error: LambdaError };

export interface WorkerLine {
  readonly stream: "stdout" | "stderr";
  readonly line: string;
}

export interface LambdaWorkerOptions {
  /** The bootstrap module (worker-source.ts, written to disk). */
  readonly bootstrapFile: string;
  readonly handlerFile: string;
  readonly env: Record<string, string>;
  readonly memoryMb: number;
  /** Every line the function prints, in order; the invocation it belongs to is the one running. */
  readonly onLine: (line: WorkerLine) => void;
}

type Message = { type: "ready" } | { type: "init-error"; error: LambdaError } | { type: "result"; id: string; ok: boolean; response?: unknown; error?: LambdaError };

/**
 * One execution environment: a worker thread with the function's environment variables and a
 * heap the size of its memory setting, running one invocation at a time.
 */
export class LambdaWorker {
  /** Resolves once the bundle is imported (the init phase); rejects with the init error. */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private pending?: { id: string; settle: (outcome: WorkerOutcome) => void };
  private exited = false;

  constructor(options: LambdaWorkerOptions) {
    const marker = `\u001ebulkhead-${randomUUID()} `;
    this.worker = new Worker(options.bootstrapFile, {
      workerData: { handlerFile: options.handlerFile, marker },
      env: options.env,
      // Not the parent's flags (vitest's or tsx's loaders): a function runs in a plain Node.js.
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
    let initialised: (error?: LambdaError) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      initialised = (error) => (error ? reject(Object.assign(new Error(error.errorMessage), { lambdaError: error })) : resolve());
    });
    // Unhandled until someone awaits it: an init failure is reported by the invocation that needed it.
    this.ready.catch(() => undefined);
    const onMessage = (message: Message) => {
      if (message.type === "ready") initialised();
      else if (message.type === "init-error") initialised(message.error);
      else if (this.pending?.id === message.id) {
        const { settle } = this.pending;
        this.pending = undefined;
        settle(message.ok ? { kind: "response", response: message.response } : { kind: "error", error: message.error! });
      }
    };
    readLines(this.worker.stdout, (line) => {
      if (line.startsWith(marker)) onMessage(JSON.parse(line.slice(marker.length)) as Message);
      else if (line !== "") options.onLine({ stream: "stdout", line });
    });
    readLines(this.worker.stderr, (line) => line !== "" && options.onLine({ stream: "stderr", line }));
    const died = (error: LambdaError) => {
      this.exited = true;
      initialised(error);
      const pending = this.pending;
      this.pending = undefined;
      pending?.settle({ kind: "crash", error });
    };
    this.worker.on("error", (error) => died({ errorType: error.name, errorMessage: error.message, stack: error.stack }));
    this.worker.on("exit", (code) => died({ errorType: "Runtime.ExitError", errorMessage: `the execution environment exited with code ${code}` }));
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Runs one invocation; `deadline` is when its context's remaining time reaches zero. */
  invoke(event: unknown, deadline: number, context: Record<string, unknown>): Promise<WorkerOutcome> {
    if (this.pending) throw new Error("bulkhead bug: a worker runs one invocation at a time");
    if (this.exited) return Promise.resolve({ kind: "crash", error: { errorType: "Runtime.ExitError", errorMessage: "the execution environment is gone" } });
    const id = randomUUID();
    return new Promise((settle) => {
      this.pending = { id, settle };
      this.worker.postMessage({ id, event, deadline, context });
    });
  }

  async terminate(): Promise<void> {
    this.exited = true;
    await this.worker.terminate();
  }
}

/** Calls `onLine` for every complete line of the stream, and for the rest when it ends. */
function readLines(stream: Readable, onLine: (line: string) => void): void {
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    let at: number;
    while ((at = buffered.indexOf("\n")) >= 0) {
      onLine(buffered.slice(0, at).replace(/\r$/, ""));
      buffered = buffered.slice(at + 1);
    }
  });
  stream.on("end", () => {
    if (buffered !== "") onLine(buffered);
    buffered = "";
  });
}
