import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { bundleFunction } from "./blocks/bundle.js";
import { runGuardrails } from "./guardrails/index.js";
import { namespaces } from "./guardrails/rules/name-collision.js";
import { readLockBeside } from "./shuffle-sharded-queue/read-lock.js";
import { resolveService } from "./model/resolve-service.js";
import type { ServiceModel } from "./model/types.js";
import { SpecError, type SpecProblem } from "./spec/errors.js";
import { loadSpec, problemAt, sortByPosition, type LoadedSpec } from "./spec/load.js";

export interface PreparedService {
  readonly loaded: LoadedSpec;
  /** One model per environment, in the spec's order. */
  readonly models: readonly ServiceModel[];
  /** Guardrail warnings; errors are thrown instead. */
  readonly warnings: readonly SpecProblem[];
}

/** Every `services/<name>/service.yaml` under the project root, sorted. */
export function discoverSpecs(projectRoot: string): string[] {
  const servicesDir = join(projectRoot, "services");
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(servicesDir, d.name, "service.yaml")))
    .map((d) => join("services", d.name, "service.yaml"))
    .sort();
}

/**
 * spec file -> validated spec -> one resolved model per environment -> guardrails.
 * Throws a SpecError with every located problem of every spec; writes nothing.
 */
export function prepareServices(specFiles: readonly string[], projectRoot: string): PreparedService[] {
  const prepared: PreparedService[] = [];
  const problems: SpecProblem[] = [];
  for (const file of specFiles) {
    try {
      prepared.push(prepareService(file, projectRoot));
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      problems.push(...err.problems);
    }
  }
  problems.push(...duplicateStacks(prepared), ...crossServiceNames(prepared));
  if (problems.length > 0) throw new SpecError(problems);
  return prepared;
}

function prepareService(file: string, projectRoot: string): PreparedService {
  const located = loadSpec(resolve(projectRoot, file), file);
  const specDir = relative(projectRoot, dirname(resolve(projectRoot, file))).split(sep).join("/") || ".";
  const shardLocks = readLockBeside(file, projectRoot).lock.patterns;
  const models = Object.keys(located.spec.environments).map((env) =>
    resolveService(located.spec, env, { specDir, specFile: file, shardLocks }),
  );
  const problems = [...handlerProblems(located, models, projectRoot), ...guardrailProblems(located, models)];
  // Warnings go with the errors: a stale tenant explains a missing one.
  if (problems.some((p) => p.severity === "error")) throw new SpecError(sortByPosition(problems));
  return { loaded: located, models, warnings: problems.filter((p) => p.severity === "warning") };
}

/** Guardrail findings, located; a finding that holds in every environment is reported once. */
function guardrailProblems(loaded: LoadedSpec, models: readonly ServiceModel[]): SpecProblem[] {
  const seen = new Set<string>();
  const problems: SpecProblem[] = [];
  for (const model of models) {
    for (const f of runGuardrails(model)) {
      const key = `${f.rule}|${f.path.join(".")}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problemAt(loaded, f.path, f.message, f));
    }
  }
  return problems;
}

/**
 * Every handler exists, compiles and exports `handler`, so `check` catches what `synth`
 * would (and synth reuses the bundles, which are cached per process).
 */
function handlerProblems(loaded: LoadedSpec, models: readonly ServiceModel[], projectRoot: string): SpecProblem[] {
  const model = models[0];
  if (!model) return [];
  return model.functions.flatMap((f): SpecProblem[] => {
    const at = (message: string) => [problemAt(loaded, [...f.source, "handler"], message)];
    if (!existsSync(join(projectRoot, f.specDir, f.entry))) return at(`handler file not found: ${join(f.specDir, f.entry)}`);
    try {
      const { exports } = bundleFunction(f, model.routingTables, projectRoot);
      return exports.includes("handler") ? [] : at(`${join(f.specDir, f.entry)} exports no \`handler\` (Lambda calls index.handler); it exports: ${exports.join(", ") || "nothing"}`);
    } catch (err) {
      if (err instanceof SpecError) return [...err.problems];
      throw err;
    }
  });
}

/**
 * Names two services would both claim (service `a` + env `b-c` and service `a-b` + env `c`).
 * IAM role names are account-wide and the others regional, so two specs must never share one;
 * the `name-collision` rule covers a single spec.
 */
function crossServiceNames(prepared: readonly PreparedService[]): SpecProblem[] {
  const owner = new Map<string, string>();
  const problems: SpecProblem[] = [];
  for (const { loaded, models } of prepared) {
    const claimed = new Set<string>();
    for (const model of models) {
      for (const [kind, entries] of namespaces(model)) {
        for (const [name, source] of entries) {
          const key = `${kind}:${name}`;
          const first = owner.get(key);
          if (first !== undefined && first !== loaded.file) {
            problems.push(problemAt(loaded, source, `${kind} name ${name} is also used by ${first}`, { rule: "name-collision" }));
          }
          claimed.add(key);
        }
      }
    }
    for (const key of claimed) if (!owner.has(key)) owner.set(key, loaded.file);
  }
  return problems;
}

function duplicateStacks(prepared: readonly PreparedService[]): SpecProblem[] {
  const owner = new Map<string, string>();
  const problems: SpecProblem[] = [];
  for (const { loaded, models } of prepared) {
    for (const model of models) {
      const first = owner.get(model.stackName);
      if (first) {
        problems.push(problemAt(loaded, ["service"], `stack ${model.stackName} is also produced by ${first}`));
      } else owner.set(model.stackName, loaded.file);
    }
  }
  return problems;
}
