import type { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * X-Ray tracing through Powertools' Tracer: one per execution environment, shared by the consumer
 * and every producer, and every AWS SDK client the runtime creates is captured with it.
 *
 * Loaded on first use, never at module load: Powertools' Tracer module imports the X-Ray SDK
 * (aws-xray-sdk-core, with cls-hooked's async hooks) statically, so importing it at all is what
 * costs; importing a handler must need no Lambda environment; and where Powertools would leave
 * tracing off (POWERTOOLS_TRACE_ENABLED=false, which the synthesizer sets for `tracing: false`, or
 * outside Lambda: tests, `bulkhead dev`) neither the Tracer nor the X-Ray SDK is ever loaded.
 */
export interface RuntimeTracing {
  /** Powertools' Tracer; undefined when tracing is off. */
  readonly tracer: Tracer | undefined;
  /**
   * `tracer.captureAWSv3Client(client)`: the client's calls become subsegments of the current
   * (sub)segment and carry its trace header (`X-Amzn-Trace-Id`), so SNS and SQS pass the trace on
   * with the message. The client unchanged when tracing is off.
   */
  capture<C>(client: C): C;
}

const OFF: RuntimeTracing = { tracer: undefined, capture: (client) => client };

/**
 * Powertools' own rule (Tracer#setTracingEnabled, 2.35), read from the same variables: off when
 * POWERTOOLS_TRACE_ENABLED is `false` (any case, trimmed), outside Lambda (no AWS_EXECUTION_ENV),
 * under the Amplify mock or SAM local. Checked first so that the Tracer module is not even loaded
 * when Powertools would switch it off; once loaded, Powertools' own `isTracingEnabled()` decides
 * (the two are held to agree by test/handlers/tracing-cold-start.test.ts).
 */
export function powertoolsWouldTrace(env: NodeJS.ProcessEnv = process.env): boolean {
  const read = (name: string) => (env[name] ?? "").trim();
  if (read("POWERTOOLS_TRACE_ENABLED").toLowerCase() === "false") return false;
  const executionEnv = read("AWS_EXECUTION_ENV");
  return executionEnv !== "" && executionEnv !== "AWS_Lambda_amplify-mock" && read("AWS_SAM_LOCAL") === "";
}

let tracing: Promise<RuntimeTracing> | undefined;

/**
 * The execution environment's tracing, decided and (when on) loaded on the first call: the first
 * invocation of a consumer, or a producer's first send. Service name from POWERTOOLS_SERVICE_NAME,
 * and Powertools' other variables (POWERTOOLS_TRACER_CAPTURE_RESPONSE, _CAPTURE_ERROR,
 * _CAPTURE_HTTPS_REQUESTS) as Powertools reads them.
 */
export function runtimeTracing(): Promise<RuntimeTracing> {
  return (tracing ??= load());
}

async function load(): Promise<RuntimeTracing> {
  if (!powertoolsWouldTrace()) return OFF;
  let tracer: Tracer;
  try {
    // A dynamic import, so that esbuild bundles the Tracer and the X-Ray SDK as modules that run
    // only here (neither is external to the bundle; the SDK's own `require`s run when it does).
    const { Tracer } = await import("@aws-lambda-powertools/tracer");
    tracer = new Tracer();
  } catch (error) {
    // Traces are for looking at the work, not part of it: a Tracer that cannot load (a module the
    // runtime lacks) leaves this environment untraced, said once, and its records still run.
    console.warn(JSON.stringify({ level: "WARN", message: "X-Ray tracing is off in this execution environment: Powertools' Tracer could not be loaded", error: String(error) }));
    return OFF;
  }
  if (!tracer.isTracingEnabled()) return OFF;
  return { tracer, capture: (client) => tracer.captureAWSv3Client(client) };
}
