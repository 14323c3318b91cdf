import type { ModelPart } from "./part.js";
import type { FunctionModel } from "./types.js";

/**
 * Gives every function exactly the send rights its `sendsTo` names, records what it
 * feeds (for loop detection) and which routing tables its bundle needs. A target
 * that does not exist is left to the `send-targets` rule to report.
 */
export function wireSenders(fn: FunctionModel, parts: ReadonlyMap<string, ModelPart>): FunctionModel {
  if (fn.sendsTo.length === 0) return fn;
  const statements = [...fn.statements];
  const feeds = [...fn.feeds];
  const routingTables = [...fn.routingTables];
  const environment = { ...fn.environment };
  for (const target of fn.sendsTo) {
    const ingress = parts.get(target)?.ingress;
    if (!ingress) continue;
    statements.push({ sid: `SendTo${statementSuffix(target)}`, actions: ingress.actions, resources: ingress.targets });
    feeds.push(...ingress.targets);
    if (ingress.routed) routingTables.push(target);
    Object.assign(environment, ingress.environment);
  }
  return { ...fn, statements, feeds, routingTables, environment };
}

/** IAM statement ids are alphanumeric: `ingest-events` becomes `IngestEvents`. */
function statementSuffix(pattern: string): string {
  return pattern
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
