import { dirname, relative, resolve, sep } from "node:path";
import { resolveService } from "./model/resolve-service.js";
import type { ServiceModel } from "./model/types.js";
import { readLockBeside } from "./shuffle-sharded-queue/read-lock.js";
import { loadSpec, type LoadedSpec } from "./spec/load.js";

export interface ResolvedSpecFile {
  readonly loaded: LoadedSpec;
  /** One model per environment, in the spec's order. */
  readonly models: readonly ServiceModel[];
}

/**
 * A spec file, validated and resolved for each of its environments with the shard lock beside
 * it. The pipeline and the type-check (which needs the handler files before the bundler loads)
 * both start from here; throws a SpecError for a spec that does not load.
 */
export function resolveSpecFile(file: string, projectRoot: string): ResolvedSpecFile {
  const loaded = loadSpec(resolve(projectRoot, file), file);
  const specDir = relative(projectRoot, dirname(resolve(projectRoot, file))).split(sep).join("/") || ".";
  const shardLocks = readLockBeside(file, projectRoot).lock.patterns;
  const models = Object.keys(loaded.spec.environments).map((env) => resolveService(loaded.spec, env, { specDir, specFile: file, shardLocks }));
  return { loaded, models };
}
