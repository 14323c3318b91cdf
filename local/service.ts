import { rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Bundle } from "../patterns/blocks/bundle.js";
import { prepareServices } from "../patterns/pipeline.js";
import type { ServiceModel } from "../patterns/model/types.js";
import { CodeWatch } from "./code-watch.js";
import type { BatchDone } from "./event-source.js";
import { EventSourcePoller } from "./event-source.js";
import { LocalUsageError } from "./errors.js";
import { startEmulators, type Emulators } from "./emulators.js";
import { functionEnvironment } from "./environment.js";
import { functionFiles, type FunctionFiles } from "./function-files.js";
import { FunctionRunner } from "./function-runner.js";
import { provision, type LocalResources } from "./provision.js";
import { modelDigest, projectSpec, PUBLISHED_FILE, publishRun, removeDeadRuns } from "./published.js";
import { createSender, sendProblem } from "./sender.js";
import { Semaphore } from "./semaphore.js";
import type { Activity, FunctionReport, LocalEvent, LocalReport, LocalService, StartLocalServiceOptions } from "./types.js";

type MutableReport = { -readonly [K in keyof FunctionReport]: number };

/**
 * Runs one environment of a service on this machine, from the same resolved model synth
 * translates to Terraform: the emulators, the resources, every function from its synthesized
 * bundle and every event source mapping (local/README.md).
 */
export async function startLocalService(specPath: string, options: StartLocalServiceOptions = {}): Promise<LocalService> {
  const projectRoot = resolve(options.projectRoot ?? process.cwd());
  const [prepared] = await prepareServices([specPath], projectRoot);
  const model = chooseEnvironment(prepared!.models, options.env, specPath);
  const emit = safeEmitter(options.onEvent);
  const older = olderNodeThanDeclared(model);
  if (older) emit({ kind: "warning", message: older });

  const emulators = await startEmulators(model.region);
  let files: FunctionFiles | undefined;
  let service: ReturnType<typeof running> | undefined;
  try {
    const resources = await provision(model, emulators);
    if (options.publish) removeDeadRuns(projectRoot);
    files = functionFiles(projectRoot);
    service = running(model, emulators, resources, files, prepared!.bundles, emit);
    if (options.watch) await service.watching(projectRoot);
    if (options.publish) {
      publishRun(files.run, {
        version: 1,
        pid: process.pid,
        spec: projectSpec(projectRoot, specPath),
        service: model.service,
        environment: model.environment,
        stack: model.stackName,
        region: model.region,
        endpoints: emulators.endpoints,
        startedAt: new Date().toISOString(),
        modelDigest: modelDigest(model),
        arns: resources.arnsByRef(),
      });
    }
    return service;
  } catch (error) {
    if (service) await service.stop();
    else {
      files?.remove();
      await emulators.stop();
    }
    throw error;
  }
}

function running(
  model: ServiceModel,
  emulators: Emulators,
  resources: LocalResources,
  files: FunctionFiles,
  bundles: ReadonlyMap<string, Bundle>,
  emit: (event: LocalEvent) => void,
): LocalService & { watching(projectRoot: string): Promise<void> } {
  const counts = new Map<string, MutableReport>(model.functions.map((f) => [f.name, emptyReport()]));
  let activeBatches = 0;
  const runners = new Map<string, FunctionRunner>();
  const versions = new Map<string, number>();
  let watch: CodeWatch | undefined;
  const pollers: EventSourcePoller[] = [];
  const consumed = new Set<string>();

  const onBatchDone = ({ fn, queue, records, invocation, settlement }: BatchDone) => {
    activeBatches--;
    const c = counts.get(fn.name)!;
    c.invocations++;
    if (invocation.counts) for (const [metric, n] of Object.entries(invocation.counts)) c[metric as keyof MutableReport] += n;
    if (settlement.outcome === "timeout") c.timedOut++;
    if (settlement.outcome === "error") c.errors++;
    const { outcome } = invocation;
    const error = outcome.kind === "error" ? `${outcome.error.errorType}: ${outcome.error.errorMessage}` : settlement.invalidResponse;
    emit({
      kind: "invocation",
      function: fn.name,
      queue: queue.name,
      batchSize: records.length,
      outcome: settlement.outcome,
      durationMs: invocation.durationMs,
      failed: records.length - settlement.done.length,
      ...(error !== undefined ? { error } : {}),
      ...(invocation.counts ? { counts: { ...invocation.counts } } : {}),
    });
  };

  for (const fn of model.functions) {
    const bundle = bundles.get(fn.name);
    if (!bundle) throw new Error(`bulkhead bug: no bundle was built for ${fn.name}`);
    const { folder, handlerFile } = files.place(fn.name, bundle);
    const runner = new FunctionRunner({
      fn,
      region: model.region,
      bootstrapFile: files.bootstrapFile,
      handlerFile,
      env: functionEnvironment(fn, resources, emulators.endpoints, model.region, folder),
      onLog: ({ stream, line }) => emit({ kind: "log", function: fn.name, stream, line }),
    });
    runners.set(fn.name, runner);
    versions.set(fn.name, 1);
    const reserved = fn.reservedConcurrency !== undefined ? new Semaphore(fn.reservedConcurrency) : undefined;
    for (const source of fn.eventSources) {
      const queue = resources.queue(source.queue);
      consumed.add(queue.name);
      pollers.push(
        new EventSourcePoller({
          fn,
          source,
          queue,
          region: model.region,
          sqs: emulators.clients.sqs,
          runner,
          ...(reserved ? { reserved } : {}),
          onBatchStart: () => activeBatches++,
          onBatchDone,
          onProblem: (message) => emit({ kind: "problem", message }),
        }),
      );
    }
  }
  pollers.forEach((p) => p.start());

  const messagesIn = (queueName: string) => {
    const state = emulators.fauxqs.inspectQueue(queueName);
    if (!state) return { ready: 0, delayed: 0, inflight: 0 };
    return { ready: state.messages.ready.length, delayed: state.messages.delayed.length, inflight: state.messages.inflight.length };
  };
  const activity = (): Activity => ({
    batches: activeBatches,
    queues: [...consumed].flatMap((name) => {
      const { ready, delayed, inflight } = messagesIn(name);
      return ready + delayed + inflight > 0 ? [{ name, visible: ready, delayed, inFlight: inflight }] : [];
    }),
  });
  /** What keeps the service from being idle, in words; empty when it is idle. */
  const busy = (): string[] => {
    const now = activity();
    const reasons = now.queues.map((q) => `${q.name} holds ${q.visible} visible, ${q.delayed} delayed, ${q.inFlight} in flight`);
    return now.batches > 0 ? [`${now.batches} batch(es) being invoked`, ...reasons] : reasons;
  };
  /** New code for the functions whose bundle changed: placed beside the old, then the runner switches. */
  const replace = (changed: ReadonlyMap<string, Bundle>) => {
    for (const [name, bundle] of changed) {
      const version = versions.get(name)! + 1;
      versions.set(name, version);
      runners.get(name)!.replaceCode(files.place(name, bundle, version).handlerFile);
    }
  };

  let stopping: Promise<void> | undefined;
  return {
    environment: model.environment,
    service: model.service,
    endpoints: emulators.endpoints,
    send: createSender(model, resources, emulators.clients),
    checkSend: (pattern, options) => sendProblem(model, pattern, options),
    activity,
    async watching(projectRoot: string) {
      watch = new CodeWatch({
        projectRoot,
        model,
        running: new Map(model.functions.map((f) => [f.name, bundles.get(f.name)!])),
        replace,
        emit,
        onProblem: (message) => emit({ kind: "problem", message }),
      });
      await watch.start();
    },
    async waitForIdle({ timeoutMs = 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const reasons = busy();
        if (reasons.length === 0) return;
        if (Date.now() >= deadline) throw new Error(`${model.stackName} is not idle after ${timeoutMs} ms: ${reasons.join("; ")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    report() {
      const deadLetterQueues = Object.fromEntries(
        [...resources.deadLetterQueues.keys()].map((name) => {
          const { ready, delayed, inflight } = messagesIn(name);
          return [name, ready + delayed + inflight];
        }),
      );
      return { functions: Object.fromEntries([...counts].map(([name, c]) => [name, { ...c }])), deadLetterQueues } satisfies LocalReport;
    },
    stop() {
      stopping ??= (async () => {
        // First what tells others this run exists: a send from now on is refused, not lost.
        rmSync(`${files.run}/${PUBLISHED_FILE}`, { force: true });
        watch?.stop();
        pollers.forEach((p) => p.halt());
        // Terminating the environments ends the invocations still running; their batches stay in the queue.
        await Promise.all([...runners.values()].map((r) => r.stop()));
        await Promise.all(pollers.map((p) => p.drained()));
        await emulators.stop();
        files.remove();
      })();
      return stopping;
    },
  };
}

/** Workers run on this machine's Node.js; a function declaring a newer runtime would run on that in Lambda. */
function olderNodeThanDeclared(model: ServiceModel): string | undefined {
  const here = Number(process.versions.node.split(".")[0]);
  const newer = [...new Set(model.functions.map((f) => f.runtime))].filter((r) => Number(/^nodejs(\d+)/.exec(r)?.[1] ?? 0) > here);
  if (newer.length === 0) return undefined;
  return `functions declare ${newer.join(", ")}, but run here on this machine's Node.js ${process.versions.node}: what differs between the two versions differs locally`;
}

function emptyReport(): MutableReport {
  return { invocations: 0, processed: 0, duplicate: 0, failed: 0, deferred: 0, expired: 0, tenantRejected: 0, deferredForTime: 0, timedOut: 0, errors: 0 };
}

function chooseEnvironment(models: readonly ServiceModel[], env: string | undefined, specPath: string): ServiceModel {
  if (env === undefined) return models[0]!;
  const model = models.find((m) => m.environment === env);
  if (!model) throw new LocalUsageError(`${specPath} has no environment "${env}"; it has ${models.map((m) => m.environment).join(", ")}`);
  return model;
}

/** A listener that throws must not break the runtime it listens to. */
function safeEmitter(onEvent: ((event: LocalEvent) => void) | undefined): (event: LocalEvent) => void {
  if (!onEvent) return () => undefined;
  return (event) => {
    try {
      onEvent(event);
    } catch {
      // The listener's problem; the service keeps running.
    }
  };
}
