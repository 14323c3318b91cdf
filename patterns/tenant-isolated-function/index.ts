import type { Pattern } from "../pattern.js";
import { resolveTenantIsolatedFunction } from "./resolve.js";
import { tenantIsolatedFunctionSpec, type TenantIsolatedFunctionSpec } from "./spec.js";

export const tenantIsolatedFunction: Pattern<TenantIsolatedFunctionSpec> = {
  type: "tenant-isolated-function",
  spec: tenantIsolatedFunctionSpec,
  resolve: resolveTenantIsolatedFunction,
};
