import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseSpec } from "../patterns/spec/load.js";
import { DEFAULT_NAMES, EXAMPLE_TENANTS, isTenantAware, OPERATOR_ROLE, planPattern, type PatternPlan, type PatternType } from "./catalog.js";
import { ScaffoldError } from "./errors.js";
import { functionName, testModel } from "./function-names.js";
import { checkServiceName } from "./names.js";
import { importPath, runtimeEntry, shown } from "./paths.js";
import { e2eFile, handlerFiles, type ScaffoldFile, type ServiceFolder } from "./render-files.js";
import { lockWith } from "./shard-lock.js";
import { templates } from "./templates.js";

export interface NewServiceRequest {
  readonly name: string;
  readonly types: readonly PatternType[];
  /** The folder services go in, relative to the project root (default `services`). */
  readonly dir: string;
  readonly projectRoot: string;
}

export interface NewService {
  /** Absolute. */
  readonly folder: string;
  readonly patterns: readonly PatternPlan[];
  /** In the order they are listed; paths relative to the folder. */
  readonly files: readonly ScaffoldFile[];
}

export const REGION = "us-east-1";
export const SPEC_FILE = "service.yaml";
export const LOCK_FILE = "service.shards.lock.json";
export const E2E_FILE = "e2e.test.ts";

/** Every file of a new service, rendered and checked; writes nothing. */
export function planNewService(request: NewServiceRequest): NewService {
  const service = checkServiceName(request.name);
  const root = request.projectRoot;
  runtimeEntry(root);
  const folder = resolve(root, request.dir, service);
  if (existsSync(folder)) throw new ScaffoldError(`${shown(root, folder)} already exists; choose another name or --dir (nothing written)`);

  const tenantAware = request.types.filter(isTenantAware);
  const tenants = tenantAware.length > 0 ? EXAMPLE_TENANTS : [];
  const ctx = { service, tenants, ownTenants: false, ownRouters: false };
  const patterns = request.types.map((type) => planPattern(type, DEFAULT_NAMES[type], ctx));
  const t = templates();
  const specDir = shown(root, folder);
  const specText = t.render("service.yaml", {
    schemaPath: importPath(join(folder, SPEC_FILE), join(root, "service.schema.json")),
    service,
    region: REGION,
    specDir,
    tenants: tenants.length > 0 ? tenants : undefined,
    tenantPatterns: words(patterns.filter((p) => isTenantAware(p.type)).map((p) => p.name)),
    sharded: patterns.some((p) => p.sharding),
    operators: [OPERATOR_ROLE],
    patterns: patterns.map((p) => ({ type: p.type, spec: p.spec })),
  });
  const lock = lockWith({}, patterns);
  // The spec as bulkhead will read it: a template that renders an invalid spec is a bug here, not the user's.
  const loaded = parseSpec(`${specDir}/${SPEC_FILE}`, specText);
  const model = testModel(loaded, specDir, lock?.patterns ?? {});
  const where: ServiceFolder = { service, folder, projectRoot: root };
  const e2e = patterns.map((plan) => ({ plan, functions: plan.e2e.functions.map((ref) => functionName(model, ref)) }));
  return {
    folder,
    patterns,
    files: [
      { path: SPEC_FILE, text: specText },
      ...(lock ? [{ path: LOCK_FILE, text: lock.text }] : []),
      ...patterns.flatMap((p) => handlerFiles(t, p, where)),
      e2eFile(t, E2E_FILE, service, model.environment, e2e, where),
    ],
  };
}

/** `a`, `a and b`, `a, b and c`. */
export function words(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
