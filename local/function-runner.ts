import { randomUUID } from "node:crypto";
import type { FunctionModel } from "../patterns/model/types.js";
import { LambdaWorker, type LambdaError, type WorkerLine } from "./lambda-worker.js";
import { addCounts, countsOfEmf, zeroCounts, type ConsumerCounts } from "./metrics.js";
import { LOCAL_ACCOUNT } from "./provision.js";

/** Lambda gives the init phase (importing the bundle) 10 s, apart from the function's timeout. */
const INIT_LIMIT_MS = 10_000;

export type RawOutcome =
  | { readonly kind: "response"; readonly response: unknown }
  | { readonly kind: "error"; readonly error: LambdaError }
  | { readonly kind: "timeout" };

export interface Invocation {
  readonly outcome: RawOutcome;
  readonly durationMs: number;
  /** What the EMF documents it printed counted; undefined when it printed none (a timeout, a crash). */
  readonly counts?: ConsumerCounts;
}

export interface FunctionRunnerOptions {
  readonly fn: FunctionModel;
  readonly region: string;
  readonly bootstrapFile: string;
  readonly handlerFile: string;
  readonly env: Record<string, string>;
  /** Every line the function prints except its EMF documents. */
  readonly onLog: (line: WorkerLine) => void;
}

/**
 * Runs a function's invocations, each in an execution environment of its own: an idle one is
 * reused (module state survives, as Lambda keeps a warm environment), a new one is started when
 * all are busy. One that runs past the function's timeout is terminated mid-flight and thrown
 * away, as is one that crashed; one whose handler merely threw is kept, as Lambda keeps it.
 * How many run at once is the event sources' to bound.
 */
export class FunctionRunner {
  private readonly idle: LambdaWorker[] = [];
  private readonly all = new Set<LambdaWorker>();
  /** Where each busy worker's lines go while its invocation runs. */
  private readonly sinks = new Map<LambdaWorker, (line: WorkerLine) => void>();
  /** The module each worker imported: one started before a code change runs the old file. */
  private readonly codeOf = new Map<LambdaWorker, string>();
  private handlerFile: string;
  private stopped = false;

  constructor(private readonly options: FunctionRunnerOptions) {
    this.handlerFile = options.handlerFile;
  }

  /**
   * New code for the next invocations: idle environments are thrown away now, busy ones once
   * their invocation ends (it finishes on the code it started with), and every environment
   * started from here on imports `handlerFile`, as Lambda does after an update of the code.
   */
  replaceCode(handlerFile: string): void {
    this.handlerFile = handlerFile;
    for (const worker of this.idle.splice(0)) this.discard(worker);
  }

  async invoke(event: unknown): Promise<Invocation> {
    const { fn, region } = this.options;
    if (this.stopped) return { outcome: { kind: "error", error: { errorType: "Local.Stopped", errorMessage: "the service is stopping" } }, durationMs: 0 };
    let counts: ConsumerCounts | undefined;
    const sink = (line: WorkerLine) => {
      const emf = line.stream === "stdout" ? countsOfEmf(line.line) : undefined;
      if (emf) addCounts((counts ??= zeroCounts()), emf);
      else this.options.onLog(line);
    };
    const started = Date.now();
    const worker = this.idle.pop() ?? this.start();
    this.sinks.set(worker, sink);
    try {
      const init = await initialised(worker);
      if (init) {
        // A failed init leaves nothing to reuse; Lambda starts the next invocation from scratch.
        this.discard(worker);
        return { outcome: { kind: "error", error: init }, durationMs: Date.now() - started };
      }
      const invokedAt = Date.now();
      const deadline = invokedAt + fn.timeoutSeconds * 1000;
      const requestId = randomUUID();
      const context = {
        functionName: fn.name,
        functionVersion: "$LATEST",
        invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${fn.name}`,
        memoryLimitInMB: String(fn.memoryMb),
        awsRequestId: requestId,
        logGroupName: `/aws/lambda/${fn.name}`,
        logStreamName: `local/[$LATEST]${requestId.replace(/-/g, "")}`,
      };
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), deadline - Date.now())));
      const settled = await Promise.race([worker.invoke(event, deadline, context), timedOut]);
      clearTimeout(timer);
      const durationMs = Date.now() - invokedAt;
      if (settled === "timeout") {
        // Lambda stops the environment where it is; whatever the handler was doing is cut off.
        this.discard(worker);
        return { outcome: { kind: "timeout" }, durationMs };
      }
      if (settled.kind === "crash") {
        this.discard(worker);
        return { outcome: { kind: "error", error: settled.error }, durationMs, ...(counts ? { counts } : {}) };
      }
      this.sinks.delete(worker);
      if (this.stopped || this.codeOf.get(worker) !== this.handlerFile) this.discard(worker);
      else this.idle.push(worker);
      return { outcome: settled, durationMs, ...(counts ? { counts } : {}) };
    } catch (error) {
      this.discard(worker);
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.idle.length = 0;
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
    this.codeOf.clear();
  }

  private start(): LambdaWorker {
    const handlerFile = this.handlerFile;
    const worker: LambdaWorker = new LambdaWorker({
      bootstrapFile: this.options.bootstrapFile,
      handlerFile,
      env: this.options.env,
      memoryMb: this.options.fn.memoryMb,
      // Lines printed outside an invocation (at init) still reach the log.
      onLine: (line) => (this.sinks.get(worker) ?? this.options.onLog)(line),
    });
    this.all.add(worker);
    this.codeOf.set(worker, handlerFile);
    return worker;
  }

  private discard(worker: LambdaWorker): void {
    this.sinks.delete(worker);
    this.all.delete(worker);
    this.codeOf.delete(worker);
    void worker.terminate();
  }
}

/** Undefined once the bundle is imported; the error that stopped it (or the init limit) otherwise. */
async function initialised(worker: LambdaWorker): Promise<LambdaError | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<LambdaError>((resolve) => {
    timer = setTimeout(() => resolve({ errorType: "Runtime.InitTimeout", errorMessage: `init did not finish within ${INIT_LIMIT_MS / 1000} s` }), INIT_LIMIT_MS);
  });
  try {
    return await Promise.race([
      worker.ready.then(
        () => undefined,
        (error: Error & { lambdaError?: LambdaError }) => error.lambdaError ?? { errorType: error.name, errorMessage: error.message },
      ),
      limit,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
