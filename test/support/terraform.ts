// Real Terraform over synthesized stacks (DESIGN.md "How we know it works", item 2): each stack
// is initialised against the local hashicorp/aws mirror and planned offline.
//
// Speed, measured on 2 cores: the cost is the 700 MB provider binary, not Terraform. Every
// command that starts the provider pays ~1.7 s CPU for its schema plus ~0.5 s hashing the binary
// against the lock file; a warm init is ~0.6 s, a plan of a 48-resource stack ~2.9 s, and the
// first stack after boot ~2.5 s more while the binary is read from disk. So each stack runs
// `init` + `plan` only: `plan` runs the same validation as `validate` first (every error class
// `validate` reports, plan reports with the same message), and a separate `validate` would cost
// another provider start, +70 % per stack. `alsoValidate` adds it back. The mirror is unpacked,
// so init symlinks the provider instead of copying it; the plugin cache matters only for a
// zipped mirror, where it turns one unzip per stack into one per planStacks call.
import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { describe, it } from "vitest";
import { createTerraformHome, MIRROR_ENV, removeTerraformHome, REQUIRE_ENV, terraformAvailable, type TerraformHome } from "./terraform-env.js";
import {
  changeSummaryFromJsonLines,
  describeFailure,
  diagnosticsFromJsonLines,
  formatDiagnostic,
  runTerraform,
  type ChangeSummary,
  type CommandResult,
  type TerraformDiagnostic,
} from "./terraform-run.js";
import { prepareStackWorkdir, stackDirsIn } from "./terraform-workdir.js";

export { terraformAvailable, terraformMirror, MIRROR_ENV, REQUIRE_ENV, type TerraformAvailability } from "./terraform-env.js";
export type { ChangeSummary } from "./terraform-run.js";

export interface StackPlan {
  stack: string;
  stackDir: string;
  changes: ChangeSummary;
  /** Terraform's warnings (e.g. a deprecated argument), formatted; plan still passed. */
  warnings: string[];
  timings: { initMs: number; validateMs?: number; planMs: number; totalMs: number };
}

export interface PlanOptions {
  /** Stacks planned at once (default: cores, at most 4); each terraform + provider pair uses ~600 MB and ~1 core. */
  concurrency?: number;
  /** Also run `terraform validate -json` (redundant with plan; see the top of this file). */
  alsoValidate?: boolean;
}

export class TerraformPlanError extends Error {
  constructor(
    readonly failures: { stackDir: string; message: string }[],
    readonly total: number,
  ) {
    super(
      `terraform failed for ${failures.length} of ${total} stack(s):\n\n` +
        failures.map((f) => `[${basename(f.stackDir)}] ${f.stackDir}\n${f.message}`).join("\n\n"),
    );
    this.name = "TerraformPlanError";
  }
}

/**
 * Inits and plans every stack in a cdktf out dir (`<out>/stacks/*`), in one stack folder, or in
 * the given stack folders. Resolves with one result per stack; rejects with a
 * TerraformPlanError carrying Terraform's diagnostics for every stack that failed.
 */
export async function planStacks(outDirOrStackDirs: string | string[], options: PlanOptions = {}): Promise<StackPlan[]> {
  const tf = terraformAvailable();
  if (!tf.available) throw new Error(`Cannot run terraform: ${tf.reason}`);
  const stackDirs = typeof outDirOrStackDirs === "string" ? stackDirsIn(outDirOrStackDirs) : outDirOrStackDirs;
  if (!stackDirs.length) throw new Error(`No stacks to plan in ${String(outDirOrStackDirs)}`);
  const home = createTerraformHome(tf.mirror!);
  try {
    const takeTurnsToInit = serializer();
    const run = (stackDir: string) => planOneStack(tf.terraformBin!, home, takeTurnsToInit, stackDir, options.alsoValidate ?? false);
    const outcomes = await mapWithConcurrency(stackDirs, options.concurrency ?? Math.min(4, availableParallelism()), run);
    const failures = outcomes.flatMap((o, i) => (o.ok ? [] : [{ stackDir: stackDirs[i]!, message: o.message }]));
    if (failures.length) throw new TerraformPlanError(failures, stackDirs.length);
    return outcomes.flatMap((o) => (o.ok ? [o.plan] : []));
  } finally {
    removeTerraformHome(home);
  }
}

type Outcome = { ok: true; plan: StackPlan } | { ok: false; message: string };

async function planOneStack(
  terraformBin: string,
  home: TerraformHome,
  takeTurnsToInit: Serializer,
  stackDir: string,
  alsoValidate: boolean,
): Promise<Outcome> {
  const started = performance.now();
  let workdir: string | undefined;
  try {
    workdir = prepareStackWorkdir(stackDir, home.root);
    const cwd = workdir;
    const tf = (args: string[]) => runTerraform(terraformBin, args, cwd, home.env);

    // Terraform's plugin cache is not safe for concurrent writers and init is the only command
    // that writes it; init is also cheap (~0.6 s), so inits take turns while plans overlap.
    const init = await takeTurnsToInit(() => tf(["init", "-input=false", "-no-color"]));
    if (init.exitCode !== 0) return { ok: false, message: describeFailure(init, []) };

    let validate: CommandResult | undefined;
    if (alsoValidate) {
      validate = await tf(["validate", "-json", "-no-color"]);
      const diagnostics = diagnosticsFromValidate(validate.stdout);
      if (validate.exitCode !== 0) return { ok: false, message: describeFailure(validate, diagnostics) };
    }

    const plan = await tf(["plan", "-json", "-input=false", "-lock=false", "-refresh=false", "-no-color"]);
    const diagnostics = diagnosticsFromJsonLines(plan.stdout);
    const changes = changeSummaryFromJsonLines(plan.stdout);
    if (plan.exitCode !== 0 || !changes) return { ok: false, message: describeFailure(plan, diagnostics) };

    return {
      ok: true,
      plan: {
        stack: basename(stackDir),
        stackDir,
        changes,
        warnings: diagnostics.filter((d) => d.severity === "warning").map(formatDiagnostic),
        timings: { initMs: init.ms, validateMs: validate?.ms, planMs: plan.ms, totalMs: performance.now() - started },
      },
    };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  }
}

function diagnosticsFromValidate(stdout: string): TerraformDiagnostic[] {
  try {
    return (JSON.parse(stdout) as { diagnostics?: TerraformDiagnostic[] }).diagnostics ?? [];
  } catch {
    return [];
  }
}

type Serializer = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs the tasks given to it one at a time, in order. */
function serializer(): Serializer {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const next = tail.then(task, task);
    tail = next.catch(() => undefined);
    return next;
  };
}

async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * `describe` for tests that need terraform. Without terraform or a mirror it skips and says why;
 * when CI requires the checks (CI set and BULKHEAD_REQUIRE_TERRAFORM=1) it fails instead, so
 * CI can never pass by skipping them.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  const tf = terraformAvailable();
  if (tf.available) {
    describe(name, body);
  } else if (tf.required) {
    describe(name, () => {
      it("has terraform and the provider mirror (required in CI)", () => {
        throw new Error(`${REQUIRE_ENV}=1 in CI, but ${tf.reason}`);
      });
    });
  } else {
    console.warn(`[bulkhead] skipping "${name}": ${tf.reason}. Set ${MIRROR_ENV} to run the Terraform checks.`);
    describe.skip(name, body);
  }
}
