import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readLockBeside } from "../patterns/shuffle-sharded-queue/read-lock.js";
import { loadSpec, parseSpec } from "../patterns/spec/load.js";
import { EXAMPLE_TENANTS, isTenantAware, planPattern, type PatternPlan, type PatternType } from "./catalog.js";
import { ScaffoldError } from "./errors.js";
import { functionName, testModel } from "./function-names.js";
import { checkPatternName } from "./names.js";
import { runtimeEntry, shown } from "./paths.js";
import { e2eFile, handlerFiles, type ServiceFolder } from "./render-files.js";
import { lockWith } from "./shard-lock.js";
import { insertPattern } from "./spec-insert.js";
import { templates } from "./templates.js";
import type { FileChange } from "./write.js";

export interface AddPatternRequest {
  readonly type: PatternType;
  readonly name: string;
  /** The spec file, relative to the project root. */
  readonly specFile: string;
  readonly projectRoot: string;
}

export interface AddedPattern {
  readonly plan: PatternPlan;
  /** New files first, then the lock, then the spec: the spec names the handlers only once they are there. */
  readonly changes: readonly FileChange[];
}

/** The changes that add a pattern, with its handlers and tests, to a service; writes nothing. */
export function planAddPattern(request: AddPatternRequest): AddedPattern {
  const root = request.projectRoot;
  runtimeEntry(root);
  const name = checkPatternName(request.name);
  const specPath = resolve(root, request.specFile);
  const loaded = loadSpec(specPath, request.specFile);
  const existing = loaded.spec.patterns[name];
  if (existing) {
    const { line } = loaded.locator.keyAt(["patterns"], name);
    throw new ScaffoldError(`${request.specFile} already has a pattern named ${name} (line ${line}, type ${existing.type}); choose another name`);
  }
  const spec = loaded.spec;
  const tenantAware = isTenantAware(request.type);
  const plan = planPattern(request.type, name, {
    service: spec.service,
    tenants: spec.tenants ?? EXAMPLE_TENANTS,
    ownTenants: tenantAware && spec.tenants === undefined,
    ownRouters: tenantAware && spec.operators === undefined,
  });
  const folder = dirname(specPath);
  const specDir = shown(root, folder);
  const t = templates();
  const before = readFileSync(specPath, "utf8");
  const after = insertPattern(before, t.render("pattern.yaml", { type: plan.type, spec: plan.spec }), request.specFile);

  const { path: lockPath, lock } = readLockBeside(request.specFile, root);
  const newLock = lockWith(lock.patterns, [plan]);
  const model = testModel(parseSpec(request.specFile, after), specDir, newLock?.patterns ?? lock.patterns);
  const where: ServiceFolder = { service: spec.service, folder, projectRoot: root };
  const functions = plan.e2e.functions.map((ref) => functionName(model, ref));
  const files = [...handlerFiles(t, plan, where), e2eFile(t, `e2e-${name}.test.ts`, `${spec.service}: ${name}`, model.environment, [{ plan, functions }], where)];
  for (const file of files) {
    if (existsSync(join(folder, file.path))) throw new ScaffoldError(`${shown(root, join(folder, file.path))} already exists; choose another pattern name (nothing written)`);
  }
  const lockBefore = existsSync(lockPath) ? readFileSync(lockPath, "utf8") : undefined;
  return {
    plan,
    changes: [
      ...files.map((f) => ({ path: join(folder, f.path), text: f.text })),
      ...(newLock ? [{ path: lockPath, text: newLock.text, before: lockBefore }] : []),
      { path: specPath, text: after, before },
    ],
  };
}
