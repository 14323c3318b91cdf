import { basename, join } from "node:path";
import type { HandlerPlan, PatternPlan } from "./catalog.js";
import { importPath, slashed } from "./paths.js";
import type { Templates } from "./templates.js";

/** A file to write, relative to the service's folder. */
export interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

export interface ServiceFolder {
  readonly service: string;
  /** Absolute. */
  readonly folder: string;
  readonly projectRoot: string;
}

/** Each handler of the pattern and its test. */
export function handlerFiles(t: Templates, plan: PatternPlan, where: ServiceFolder): ScaffoldFile[] {
  return plan.handlers.flatMap((h) => {
    const data = handlerData(h, where);
    return [
      { path: h.file, text: t.render("handler.ts", data) },
      { path: h.test, text: t.render("handler.test.ts", data) },
    ];
  });
}

function handlerData(h: HandlerPlan, where: ServiceFolder) {
  const file = join(where.folder, h.file);
  const tenantAware = h.tenant !== undefined;
  return {
    ...h,
    service: where.service,
    file: slashed(h.file),
    module: basename(h.file).replace(/\.ts$/, ""),
    runtimeImport: importPath(file, join(where.projectRoot, "handlers", "index.js")),
    tenantAware,
    tenant: h.tenant,
    scopeKeys: tenantAware ? ["logger", "tenant"] : ["logger"],
  };
}

export interface E2ePattern {
  readonly plan: PatternPlan;
  /** The functions' names as synthesized for the test environment. */
  readonly functions: readonly string[];
}

/** One end-to-end test file (at `path` in the service's folder) with a test per pattern. */
export function e2eFile(t: Templates, path: string, title: string, environment: string, patterns: readonly E2ePattern[], where: ServiceFolder): ScaffoldFile {
  const file = join(where.folder, path);
  const data = {
    title,
    specFile: "service.yaml",
    projectRoot: `${importPath(file, where.projectRoot)}/`,
    environment,
    localImport: importPath(file, join(where.projectRoot, "local", "index.js")),
    patterns: patterns.map(({ plan, functions }) => ({
      name: plan.name,
      title: plan.e2e.title,
      payload: plan.e2e.payload,
      options: plan.e2e.options,
      functions,
    })),
  };
  return { path, text: t.render("e2e.test.ts", data) };
}
