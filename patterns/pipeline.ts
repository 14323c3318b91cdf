import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundleHandlers, functionBundleRequest, type Bundle } from "./blocks/bundle.js";
import { runGuardrails } from "./guardrails/index.js";
import { namespaces } from "./guardrails/rules/name-collision.js";
import type { ServiceModel } from "./model/types.js";
import { resolveSpecFile } from "./resolve-spec-file.js";
import { SpecError, type SpecProblem } from "./spec/errors.js";
import { problemAt, sortByPosition, type LoadedSpec } from "./spec/load.js";

export interface PreparedService {
  readonly loaded: LoadedSpec;
  /** One model per environment, in the spec's order. */
  readonly models: readonly ServiceModel[];
  /** Guardrail warnings; errors are thrown instead. */
  readonly warnings: readonly SpecProblem[];
  /** Every function's bundled code, by function name (names are unique across environments). */
  readonly bundles: ReadonlyMap<string, Bundle>;
}

/**
 * spec file -> validated spec -> one resolved model per environment -> guardrails.
 * Throws a SpecError with every located problem of every spec; writes nothing.
 */
export async function prepareServices(specFiles: readonly string[], projectRoot: string): Promise<PreparedService[]> {
  const prepared: PreparedService[] = [];
  const problems: SpecProblem[] = [];
  const settled = await Promise.allSettled(specFiles.map((file) => prepareService(file, projectRoot)));
  for (const result of settled) {
    if (result.status === "fulfilled") prepared.push(result.value);
    else if (result.reason instanceof SpecError) problems.push(...result.reason.problems);
    else throw result.reason;
  }
  problems.push(...duplicateStacks(prepared), ...crossServiceNames(prepared));
  if (problems.length > 0) throw new SpecError(problems);
  return prepared;
}

async function prepareService(file: string, projectRoot: string): Promise<PreparedService> {
  const { loaded: located, models } = resolveSpecFile(file, projectRoot);
  const handlers = await bundleEveryHandler(located, models, projectRoot);
  const problems = [...handlers.problems, ...guardrailProblems(located, models)];
  // Warnings go with the errors: a stale tenant explains a missing one.
  if (problems.some((p) => p.severity === "error")) throw new SpecError(sortByPosition(problems));
  return { loaded: located, models, warnings: problems.filter((p) => p.severity === "warning"), bundles: handlers.bundles };
}

/**
 * Guardrail findings, located. One mistake at one spec line is reported once, in the words
 * of the first environment it holds in, even when its message names an environment's own
 * resources (`shop-dev-…`, `shop-prod-…`); those other environments are named after it.
 */
function guardrailProblems(loaded: LoadedSpec, models: readonly ServiceModel[]): SpecProblem[] {
  const byLine = new Map<string, { environment: string; message: string; problem: SpecProblem }[]>();
  for (const model of models) {
    for (const f of runGuardrails(model)) {
      const line = `${f.rule}|${f.severity ?? "error"}|${f.path.join(".")}`;
      if (!byLine.has(line)) byLine.set(line, []);
      byLine.get(line)!.push({ environment: model.environment, message: f.message, problem: problemAt(loaded, f.path, f.message, f) });
    }
  }
  return [...byLine.values()].flatMap((found) => {
    const messagesIn = (environment: string) => [...new Set(found.filter((f) => f.environment === environment).map((f) => f.message))];
    const [first, ...rest] = [...new Set(found.map((f) => f.environment))];
    const shown = messagesIn(first!);
    const others = rest.filter((env) => messagesIn(env).join("\n") !== shown.join("\n"));
    const suffix = others.length > 0 ? ` (also in ${others.join(", ")})` : "";
    return shown.map((message) => ({ ...found.find((f) => f.message === message)!.problem, message: `${message}${suffix}` }));
  });
}

/**
 * Every function's bundle, built all at once, and whether each handler exists, compiles
 * and exports `handler`, so `check` catches what `synth` would. A broken handler is
 * reported once, not once per environment.
 */
async function bundleEveryHandler(loaded: LoadedSpec, models: readonly ServiceModel[], projectRoot: string): Promise<{ problems: SpecProblem[]; bundles: Map<string, Bundle> }> {
  const problems = new Map<string, SpecProblem[]>();
  const bundles = new Map<string, Bundle>();
  const requests = [];
  for (const model of models) {
    for (const f of model.functions) {
      const where = [...f.source, "handler"];
      const at = (message: string) => [problemAt(loaded, where, message)];
      if (!existsSync(join(projectRoot, f.specDir, f.entry))) problems.set(where.join("."), at(`handler file not found: ${join(f.specDir, f.entry)}`));
      else requests.push({ where, at, name: f.name, request: functionBundleRequest(f, model.routingTables, projectRoot) });
    }
  }
  const built = await bundleHandlers(requests.map((r) => r.request));
  for (const { where, at, name, request } of requests) {
    const key = where.join(".");
    const bundle = built.get(request)!;
    if (!(bundle instanceof SpecError)) bundles.set(name, bundle);
    if (problems.has(key)) continue;
    if (bundle instanceof SpecError) problems.set(key, [...bundle.problems]);
    else if (!bundle.exports.includes("handler")) {
      problems.set(key, at(`${request.entry} exports no \`handler\` (Lambda calls index.handler); it exports: ${bundle.exports.join(", ") || "nothing"}`));
    }
  }
  return { problems: [...problems.values()].flat(), bundles };
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
