import { resolve } from "node:path";
import { resolveSpecFile } from "../patterns/resolve-spec-file.js";
import { emulatorClients, type LocalEndpoints } from "./emulators.js";
import { LocalUsageError } from "./errors.js";
import { resourcesFromArns } from "./provision.js";
import { modelDigest, projectSpec, publishedRuns, type PublishedRun } from "./published.js";
import { createSender, sendProblem } from "./sender.js";
import type { SendOptions, SendResult } from "./types.js";

export interface ConnectOptions {
  /** The environment the running service must run; default the one that runs (refused when several do). */
  readonly env?: string;
  /** Where `.bulkhead/dev/` is looked for; default the current folder. */
  readonly projectRoot?: string;
}

/** A running `bulkhead dev`, seen from another process: it can be sent to, nothing else. */
export interface LocalConnection {
  send(pattern: string, body: unknown, options?: SendOptions): Promise<SendResult>;
  checkSend(pattern: string, options?: SendOptions): string | undefined;
  readonly run: PublishedRun;
  readonly endpoints: LocalEndpoints;
  /** How many runs of this spec and environment are alive (the newest is the one sent to). */
  readonly runningCopies: number;
  close(): void;
}

/**
 * Finds the `bulkhead dev` that runs this spec (and environment) in the project, from what it
 * published in `.bulkhead/dev/`, and sends to it from this process through the same producers it
 * uses itself: the model is resolved here from the same spec, and refused when it is not the model
 * the running service was started with.
 */
export async function connectToLocalService(specPath: string, options: ConnectOptions = {}): Promise<LocalConnection> {
  const projectRoot = resolve(options.projectRoot ?? process.cwd());
  const spec = projectSpec(projectRoot, specPath);
  const ofSpec = publishedRuns(projectRoot).filter((f) => f.run.spec === spec);
  const start = `bulkhead dev ${spec}${options.env !== undefined ? ` --env ${options.env}` : ""}`;
  if (ofSpec.length === 0) throw new LocalUsageError(`no bulkhead dev of ${spec} is running in this project; start it first (\`${start}\`), then send again`);
  const environments = [...new Set(ofSpec.map((f) => f.run.environment))];
  let env = options.env;
  if (env === undefined) {
    if (environments.length > 1) throw new LocalUsageError(`bulkhead dev runs ${spec} for ${environments.join(" and ")}; say which with --env`);
    env = environments[0]!;
  }
  const matching = ofSpec.filter((f) => f.run.environment === env);
  if (matching.length === 0) {
    throw new LocalUsageError(`bulkhead dev runs ${spec} for ${environments.join(", ")}, not ${env}; start it first (\`${start}\`), or send with --env ${environments[0]}`);
  }
  const { run } = matching[0]!;

  const model = resolveSpecFile(spec, projectRoot).models.find((m) => m.environment === env);
  if (!model || modelDigest(model) !== run.modelDigest) {
    throw new LocalUsageError(
      `${spec} has changed since bulkhead dev (pid ${run.pid}) started: it no longer resolves to the model that runs, so a send could route by other rules; restart bulkhead dev, then send again`,
    );
  }
  const { clients, destroy } = emulatorClients(run.endpoints, run.region);
  const send = createSender(model, resourcesFromArns(run.arns), clients);
  return {
    send,
    checkSend: (pattern, sendOptions) => sendProblem(model, pattern, sendOptions),
    run,
    endpoints: run.endpoints,
    runningCopies: matching.length,
    close: destroy,
  };
}
