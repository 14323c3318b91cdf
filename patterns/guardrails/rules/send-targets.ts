import { finding, type Finding, type Rule } from "../rule.js";

const name = "send-targets";

export const sendTargets: Rule = {
  name,
  why: "a function can only be granted send rights to a pattern that exists in its service",
  check(model) {
    const findings: Finding[] = [];
    for (const fn of model.functions) {
      fn.sendsTo.forEach((target, i) => {
        if (!model.patterns.includes(target)) {
          findings.push(finding(name, [...fn.source, "sendsTo", i], `expected one of the service's patterns (${model.patterns.join(", ")}), got "${target}"`));
        }
      });
    }
    return findings;
  },
};
