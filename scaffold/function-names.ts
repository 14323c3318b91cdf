import { resolveService } from "../patterns/model/resolve-service.js";
import type { ServiceModel } from "../patterns/model/types.js";
import type { PatternLock } from "../patterns/shuffle-sharded-queue/assignment-types.js";
import type { LoadedSpec } from "../patterns/spec/load.js";
import type { FunctionRef } from "./catalog.js";

/** The environment end-to-end tests run in: dev, or the spec's first when it has no dev. */
export function testEnvironment(loaded: LoadedSpec): string {
  const environments = Object.keys(loaded.spec.environments);
  return environments.includes("dev") ? "dev" : environments[0]!;
}

/** The resolved model of a spec in its test environment: what synth and the local runtime name things by. */
export function testModel(loaded: LoadedSpec, specDir: string, shardLocks: Readonly<Record<string, PatternLock>>): ServiceModel {
  return resolveService(loaded.spec, testEnvironment(loaded), { specDir, specFile: loaded.file, shardLocks });
}

/** A function's name as synthesized, found by where the spec declares it (and its tenant, for a silo). */
export function functionName(model: ServiceModel, ref: FunctionRef): string {
  const path = ref.source.join("\0");
  const found = model.functions.find((f) => f.source.join("\0") === path && (ref.tenant === undefined || (f.tenancy && "tenant" in f.tenancy && f.tenancy.tenant === ref.tenant)));
  if (!found) throw new Error(`no function at ${ref.source.join(".")}${ref.tenant ? ` for ${ref.tenant}` : ""} in the resolved model`);
  return found.name;
}
