import type { ServiceModel, SpecPath } from "../model/types.js";

export interface Finding {
  readonly rule: string;
  readonly severity: "error" | "warning";
  readonly path: SpecPath;
  readonly message: string;
}

/** One guardrail: a small pure check over the resolved model, named by its file. */
export interface Rule {
  readonly name: string;
  /** The failure story it prevents, for `bulkhead check --rules`. */
  readonly why: string;
  readonly check: (model: ServiceModel) => Finding[];
}

export function finding(rule: string, path: SpecPath, message: string, severity: Finding["severity"] = "error"): Finding {
  return { rule, severity, path, message };
}
