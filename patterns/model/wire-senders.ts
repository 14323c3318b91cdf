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
  const sids = new Set(statements.map((s) => s.sid));
  for (const target of fn.sendsTo) {
    const ingress = parts.get(target)?.ingress;
    if (!ingress) continue;
    const sid = uniqueSid(`SendTo${statementSuffix(target)}`, sids);
    sids.add(sid);
    statements.push({ sid, actions: ingress.actions, resources: ingress.targets });
    if (ingress.observe) {
      const observeSid = uniqueSid(`Observe${statementSuffix(target)}`, sids);
      sids.add(observeSid);
      statements.push({ sid: observeSid, actions: ingress.observe.actions, resources: ingress.observe.targets });
    }
    feeds.push(...ingress.targets);
    if (ingress.routed) routingTables.push(target);
    Object.assign(environment, ingress.environment);
  }
  return { ...fn, statements, feeds, routingTables, environment };
}

/**
 * IAM rejects a policy with two equal statement ids, and distinct patterns can share a
 * PascalCase form (`x1` and `x-1`): a repeat gets the first free number appended.
 */
export function uniqueSid(sid: string, taken: ReadonlySet<string>): string {
  if (!taken.has(sid)) return sid;
  let n = 2;
  while (taken.has(`${sid}${n}`)) n++;
  return `${sid}${n}`;
}

/** IAM statement ids are alphanumeric: `ingest-events` becomes `IngestEvents`. */
function statementSuffix(pattern: string): string {
  return pattern
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
