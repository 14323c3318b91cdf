import type { ServiceModel, SpecPath } from "../../model/types.js";
import { finding, type Finding, type Rule } from "../rule.js";

const name = "name-collision";

/** Two resources with one name overwrite each other in AWS, or fail the apply halfway. */
export const nameCollision: Rule = {
  name,
  why: "distinct spec entries can produce the same AWS name (e.g. pattern a-b + subscriber c and pattern a + subscriber b-c)",
  check(model) {
    return namespaces(model).flatMap(([kind, entries]) => {
      const firstByName = new Map<string, SpecPath>();
      const findings: Finding[] = [];
      for (const [resourceName, source] of entries) {
        const first = firstByName.get(resourceName);
        if (first) findings.push(finding(name, source, `${kind} name ${resourceName} is already used by ${first.join(".")}`));
        else firstByName.set(resourceName, source);
      }
      return findings;
    });
  },
};

/** Every AWS name a model claims, by kind (names only collide within a kind). */
export function namespaces(model: ServiceModel): [string, [string, SpecPath][]][] {
  return [
    ["queue", model.queues.flatMap((q) => [[q.name, q.source], ...(q.deadLetterQueue ? [[q.deadLetterQueue.name, q.source] as [string, SpecPath]] : [])] as [string, SpecPath][])],
    ["topic", model.topics.map((t) => [t.name, t.source])],
    ["function", model.functions.map((f) => [f.name, f.source])],
    ["role", model.functions.map((f) => [f.roleName, f.source])],
    ["parameter", model.parameters.map((p) => [p.name, p.source])],
    ["table", model.tables.map((t) => [t.name, t.source])],
  ];
}
